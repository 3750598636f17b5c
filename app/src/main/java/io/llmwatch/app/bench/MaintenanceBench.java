package io.llmwatch.app.bench;

import io.llmwatch.event.EvidenceState;
import io.llmwatch.scorer.sample.MaintenanceRate;
import io.llmwatch.stats.DecisionSimulation;
import io.llmwatch.stats.SequentialEvidence;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Spend where it decides something (docs/decisions.md), in the decisions section of
 * {@code llmwatch bench}: seeded streams of one task's calls through the production sampling rules
 * ({@link MaintenanceRate}: the sampler's call-id hash and the maintenance rule) and the production
 * {@link SequentialEvidence}, with shared-difficulty 0/1 scores (the incumbent right on u &lt; 0.7, a
 * candidate on u &lt; 0.7 + Δ). It prints the replays and spend the maintenance rate saves against
 * replaying every candidate at the sample rate, and what it costs: the calls a decided candidate
 * that breaks takes to lose its eligibility, at the maintenance rate against the sample rate.
 */
final class MaintenanceBench {

    static final int STREAMS = 100;
    static final int CALLS = 200_000;
    static final double SAMPLE_RATE = 0.05;
    /** The default: 10 % of the sample rate. */
    static final double MAINTENANCE_RATE = 0.005;
    /** Candidates' true deltas: equal, slightly worse, at the margin (never decided), broken. */
    static final double[] MIXED = {0, -0.02, -0.05, -0.30};
    /** Candidates that all decide: equal and broken. */
    static final double[] DECIDABLE = {0, -0.30};
    /** Illustrative prices per replay: the reference (the control of a self-replay judge) and each candidate. */
    static final double REFERENCE_USD = 0.0036;
    static final double CANDIDATE_USD = 0.00072;
    private static final double INCUMBENT_ACCURACY = 0.7;

    private MaintenanceBench() {
    }

    static void run(PrintStream out) {
        out.printf("%nSpend where it decides something: %,d seeded streams of %,d calls, sample rate %.1f %%, maintenance"
                        + " rate %.1f %% (the default, 10 %% of it), self-replay judge.%n",
                STREAMS, CALLS, 100 * SAMPLE_RATE, 100 * MAINTENANCE_RATE);
        spend(out, MIXED);
        spend(out, DECIDABLE);
        long[] full = callsToLoseEligibility(false);
        long[] maintained = callsToLoseEligibility(true);
        out.printf(Locale.ROOT, "  the price: a decided candidate breaks (0 -> -0.30) after 50,000 calls; calls to lose"
                        + " eligibility, median %,d (p90 %,d) at the maintenance rate, %,d (p90 %,d) at the sample rate%n",
                DecisionSimulation.quantile(maintained, 0.5), DecisionSimulation.quantile(maintained, 0.9),
                DecisionSimulation.quantile(full, 0.5), DecisionSimulation.quantile(full, 0.9));
        out.flush();
    }

    private static void spend(PrintStream out, double[] deltas) {
        Spend spend = spend(deltas);
        out.printf(Locale.ROOT, "  candidates with delta %s%n", Arrays.toString(deltas));
        out.printf(Locale.ROOT, "    candidate replays: %,.0f per stream with the maintenance rate, %,.0f without: %.1f %% saved%n",
                spend.candidateReplays(true), spend.candidateReplays(false), 100 * spend.saved(spend.candidateReplays(true),
                        spend.candidateReplays(false)));
        out.printf(Locale.ROOT, "    reference control replays: %,.0f with, %,.0f without: %.1f %% saved%n",
                spend.controls(true), spend.controls(false), 100 * spend.saved(spend.controls(true), spend.controls(false)));
        out.printf(Locale.ROOT, "    spend at $%.5f per reference and $%.5f per candidate replay: $%.2f with, $%.2f without:"
                        + " %.1f %% saved%n", REFERENCE_USD, CANDIDATE_USD, spend.usd(true), spend.usd(false),
                100 * spend.saved(spend.usd(true), spend.usd(false)));
    }

    /** Replays per stream, averaged, with the maintenance rule ({@code [1]}) and without ({@code [0]}). */
    record Spend(double[] candidates, double[] controls) {

        double candidateReplays(boolean maintained) {
            return candidates[maintained ? 1 : 0];
        }

        double controls(boolean maintained) {
            return controls[maintained ? 1 : 0];
        }

        double usd(boolean maintained) {
            return candidateReplays(maintained) * CANDIDATE_USD + controls(maintained) * REFERENCE_USD;
        }

        double saved(double with, double without) {
            return without == 0 ? 0 : 1 - with / without;
        }
    }

    static Spend spend(double[] deltas) {
        double[] candidates = new double[2];
        double[] controls = new double[2];
        for (int m = 0; m < 2; m++) {
            boolean maintained = m == 1;
            for (int stream = 0; stream < STREAMS; stream++) {
                long[] counts = stream(stream, deltas, maintained);
                candidates[m] += counts[0];
                controls[m] += counts[1];
            }
            candidates[m] /= STREAMS;
            controls[m] /= STREAMS;
        }
        return new Spend(candidates, controls);
    }

    /** One stream's candidate replays and control replays. */
    private static long[] stream(int stream, double[] deltas, boolean maintained) {
        SplittableRandom random = new SplittableRandom(1_000_003L * stream + 17);
        SequentialEvidence[] evidence = new SequentialEvidence[deltas.length];
        Arrays.setAll(evidence, i -> new SequentialEvidence(DecisionBench.ALPHA));
        long replays = 0;
        long controls = 0;
        for (int call = 0; call < CALLS; call++) {
            String callId = "bench-" + stream + "-" + call;
            if (!MaintenanceRate.sampled(callId, SAMPLE_RATE)) {
                continue;
            }
            double u = random.nextDouble();
            boolean any = false;
            for (int c = 0; c < deltas.length; c++) {
                boolean decided = maintained && MaintenanceRate.decided(evidence[c].state(DecisionBench.MARGIN));
                if (MaintenanceRate.replays(callId, decided, MAINTENANCE_RATE)) {
                    evidence[c].add(delta(u, deltas[c]));
                    replays++;
                    any = true;
                }
            }
            controls += any ? 1 : 0;
        }
        return new long[] {replays, controls};
    }

    /** Shared-difficulty 0/1 scores: candidate minus incumbent on the same prompt. */
    private static double delta(double u, double delta) {
        return (u < INCUMBENT_ACCURACY + delta ? 1 : 0) - (u < INCUMBENT_ACCURACY ? 1 : 0);
    }

    /**
     * Calls from a break (0 → −0.30, after 50,000 stable calls) until the candidate's evidence no
     * longer shows it good enough, sorted; capped at 2,000,000 calls.
     */
    static long[] callsToLoseEligibility(boolean maintained) {
        int stable = 50_000;
        int cap = 2_000_000;
        long[] calls = new long[STREAMS];
        for (int stream = 0; stream < STREAMS; stream++) {
            SplittableRandom random = new SplittableRandom(7_000_003L * stream + 29);
            SequentialEvidence evidence = new SequentialEvidence(DecisionBench.ALPHA);
            long lost = cap;
            for (int call = 0; call < stable + cap; call++) {
                String callId = "break-" + stream + "-" + call;
                if (!MaintenanceRate.sampled(callId, SAMPLE_RATE)) {
                    continue;
                }
                boolean decided = maintained && MaintenanceRate.decided(evidence.state(DecisionBench.MARGIN));
                if (!MaintenanceRate.replays(callId, decided, MAINTENANCE_RATE)) {
                    continue;
                }
                double u = random.nextDouble();
                evidence.add(delta(u, call < stable ? 0 : -0.30));
                if (call >= stable && !evidence.verdict(DecisionBench.MARGIN).goodEnough()) {
                    lost = call - stable + 1;
                    break;
                }
            }
            calls[stream] = lost;
        }
        Arrays.sort(calls);
        return calls;
    }
}
