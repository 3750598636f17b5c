package io.llmwatch.drift;

import io.llmwatch.event.Comparison;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.Interval;
import io.llmwatch.event.Verdict;
import java.time.Instant;

/**
 * The comparison the scorer would publish for one candidate of the {@link StatsBuilder} task: test
 * defaults over {@link Comparison#builder()}.
 */
public final class ComparisonBuilder {

    private final String candidate;
    private String incumbent = "gpt-4.1";
    private long n = 812;
    private double mean = -0.004;
    private Interval cs = new Interval(-0.015, 0.007, 0.95);
    private long replays = 820;
    private long failures = 8;
    private Double p95 = 900.0;
    private Double candidateCost = 0.002;
    private Double incumbentCost = 0.010;
    private Long morePairs;
    private Double costOfMorePairs;
    private int restarts;
    private boolean rose;

    private ComparisonBuilder(String candidate) {
        this.candidate = candidate;
    }

    public static ComparisonBuilder candidate(String model) {
        return new ComparisonBuilder(model);
    }

    public ComparisonBuilder against(String incumbent) {
        this.incumbent = incumbent;
        return this;
    }

    /** The paired evidence: n deltas with this mean and 95 % confidence sequence. */
    public ComparisonBuilder evidence(long n, double mean, double csLow, double csHigh) {
        this.n = n;
        this.mean = mean;
        this.cs = new Interval(csLow, csHigh, 0.95);
        return this;
    }

    public ComparisonBuilder replays(long replays, long failures) {
        this.replays = replays;
        this.failures = failures;
        return this;
    }

    public ComparisonBuilder p95(double millis) {
        this.p95 = millis;
        return this;
    }

    /** Mean cost per call of the candidate's replays and of production on the same calls; null = unknown. */
    public ComparisonBuilder costs(Double candidatePerCall, Double incumbentPerCall) {
        this.candidateCost = candidatePerCall;
        this.incumbentCost = incumbentPerCall;
        return this;
    }

    public ComparisonBuilder toDecide(long morePairs, double costUsd) {
        this.morePairs = morePairs;
        this.costOfMorePairs = costUsd;
        return this;
    }

    /** After {@code count} change alarms, the last a fall (just now, when the verdict is undecided: alarmed). */
    public ComparisonBuilder restarted(int count) {
        this.restarts = count;
        return this;
    }

    /** After {@code count} change alarms, the last a rise (the incumbent broke): nothing was revoked. */
    public ComparisonBuilder roseAfter(int count) {
        this.restarts = count;
        this.rose = true;
        return this;
    }

    private EvidenceState state() {
        Verdict verdict = Verdict.of(cs, 0.02);
        return verdict.goodEnough() ? EvidenceState.MONITORING : verdict == Verdict.WORSE ? EvidenceState.DECIDED
                : restarts > 0 && !rose ? EvidenceState.ALARMED : EvidenceState.ACCUMULATING;
    }

    /** As published at the start of the {@code window}-th window of {@link StatsBuilder}. */
    public Comparison at(int window) {
        Instant updated = StatsBuilder.window(window).start();
        return new Comparison(null, StatsBuilder.APP, StatsBuilder.TASK, incumbent, candidate, "exact", 0.02, n, mean,
                0.1, new Interval(cs.lower() / 2, cs.upper() / 2, 0.95), cs, Verdict.of(cs, 0.02), morePairs,
                costOfMorePairs, replays, failures, p95, candidateCost, incumbentCost, 1.5, updated, null,
                state(), restarts, restarts == 0 ? null : rose
                        ? "after 120 pairs the mean rose: pairs 1–120 show 99 % CS [−0.020, +0.010], pairs 97–120 show 99 % CS [+0.100, +0.400]"
                        : "after 120 pairs the mean fell: pairs 1–120 show 99 % CS [−0.020, +0.010], pairs 97–120 show 99 % CS [−0.400, −0.100]");
    }
}
