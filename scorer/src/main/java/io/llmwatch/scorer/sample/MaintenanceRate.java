package io.llmwatch.scorer.sample;

import io.llmwatch.event.EvidenceState;

/**
 * Spend where it decides something (docs/decisions.md): among the calls sampled at the task's
 * {@code sample_rate}, a candidate whose comparison is decided is replayed only on those whose
 * sampling number is also below {@code maintenance_rate}. The same deterministic number as sampling
 * ({@link SampleHash}) picks them, so the maintained calls are a subset of the sampled ones, a
 * re-delivered call gets the same answer, and every decided candidate of a task is replayed on the
 * same calls, which share one control replay of the reference. The change detector keeps watching a
 * decided candidate on those calls; an alarm makes it undecided, and it is replayed at the full rate.
 */
public final class MaintenanceRate {

    private MaintenanceRate() {
    }

    /** Whether a comparison in {@code state} is decided: {@code monitoring} (good enough) or {@code decided} (worse). */
    public static boolean decided(EvidenceState state) {
        return state == EvidenceState.MONITORING || state == EvidenceState.DECIDED;
    }

    /**
     * Whether a sampled call is replayed against a candidate.
     *
     * @param decided         whether the candidate's comparison is decided ({@code monitoring} or {@code decided})
     * @param maintenanceRate the task's maintenance rate, at most its sample rate
     */
    public static boolean replays(String callId, boolean decided, double maintenanceRate) {
        return !decided || SampleHash.sampled(callId, maintenanceRate);
    }

    /** Whether {@code callId} is sampled at {@code rate}: the sampler's own rule, for simulations of it. */
    public static boolean sampled(String callId, double rate) {
        return SampleHash.sampled(callId, rate);
    }
}
