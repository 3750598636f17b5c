package io.llmwatch.event;

import java.time.Instant;
import java.util.List;

/**
 * Builds a {@link Comparison} field by field ({@link Comparison#builder()},
 * {@link Comparison#toBuilder()}), instead of the record's 27 positional arguments. Fields left out
 * are absent (null, or zero for the counts). Not thread-safe.
 */
public final class ComparisonBuilder {

    private String schema = Comparison.SCHEMA;
    private String app;
    private String taskType;
    private String incumbent;
    private String candidate;
    private String judge;
    private double margin;
    private long n;
    private Double meanDelta;
    private Double stdDev;
    private Interval bootstrap;
    private Interval confidenceSequence;
    private Verdict verdict;
    private Long morePairsNeeded;
    private Double costOfMorePairsUsd;
    private long replays;
    private long failures;
    private Double latencyP95Ms;
    private Double candidateCostPerCall;
    private Double incumbentCostPerCall;
    private double replaySpendUsd;
    private Instant updatedAt;
    private String summary;
    private EvidenceState state;
    private int restarts;
    private String alarm;
    private List<DimensionComparison> critical;

    ComparisonBuilder() {
    }

    static ComparisonBuilder from(Comparison comparison) {
        ComparisonBuilder b = new ComparisonBuilder();
        b.schema = comparison.schema();
        b.app = comparison.app();
        b.taskType = comparison.taskType();
        b.incumbent = comparison.incumbent();
        b.candidate = comparison.candidate();
        b.judge = comparison.judge();
        b.margin = comparison.margin();
        b.n = comparison.n();
        b.meanDelta = comparison.meanDelta();
        b.stdDev = comparison.stdDev();
        b.bootstrap = comparison.bootstrap();
        b.confidenceSequence = comparison.confidenceSequence();
        b.verdict = comparison.verdict();
        b.morePairsNeeded = comparison.morePairsNeeded();
        b.costOfMorePairsUsd = comparison.costOfMorePairsUsd();
        b.replays = comparison.replays();
        b.failures = comparison.failures();
        b.latencyP95Ms = comparison.latencyP95Ms();
        b.candidateCostPerCall = comparison.candidateCostPerCall();
        b.incumbentCostPerCall = comparison.incumbentCostPerCall();
        b.replaySpendUsd = comparison.replaySpendUsd();
        b.updatedAt = comparison.updatedAt();
        b.summary = comparison.summary();
        b.state = comparison.state();
        b.restarts = comparison.restarts();
        b.alarm = comparison.alarm();
        b.critical = comparison.critical();
        return b;
    }

    public ComparisonBuilder app(String value) {
        this.app = value;
        return this;
    }

    public ComparisonBuilder taskType(String value) {
        this.taskType = value;
        return this;
    }

    public ComparisonBuilder incumbent(String value) {
        this.incumbent = value;
        return this;
    }

    public ComparisonBuilder candidate(String value) {
        this.candidate = value;
        return this;
    }

    public ComparisonBuilder judge(String value) {
        this.judge = value;
        return this;
    }

    public ComparisonBuilder margin(double value) {
        this.margin = value;
        return this;
    }

    public ComparisonBuilder n(long value) {
        this.n = value;
        return this;
    }

    public ComparisonBuilder meanDelta(Double value) {
        this.meanDelta = value;
        return this;
    }

    public ComparisonBuilder stdDev(Double value) {
        this.stdDev = value;
        return this;
    }

    public ComparisonBuilder bootstrap(Interval value) {
        this.bootstrap = value;
        return this;
    }

    public ComparisonBuilder confidenceSequence(Interval value) {
        this.confidenceSequence = value;
        return this;
    }

    public ComparisonBuilder verdict(Verdict value) {
        this.verdict = value;
        return this;
    }

    public ComparisonBuilder morePairsNeeded(Long value) {
        this.morePairsNeeded = value;
        return this;
    }

    public ComparisonBuilder costOfMorePairsUsd(Double value) {
        this.costOfMorePairsUsd = value;
        return this;
    }

    public ComparisonBuilder replays(long value) {
        this.replays = value;
        return this;
    }

    public ComparisonBuilder failures(long value) {
        this.failures = value;
        return this;
    }

    public ComparisonBuilder latencyP95Ms(Double value) {
        this.latencyP95Ms = value;
        return this;
    }

    public ComparisonBuilder candidateCostPerCall(Double value) {
        this.candidateCostPerCall = value;
        return this;
    }

    public ComparisonBuilder incumbentCostPerCall(Double value) {
        this.incumbentCostPerCall = value;
        return this;
    }

    public ComparisonBuilder replaySpendUsd(double value) {
        this.replaySpendUsd = value;
        return this;
    }

    public ComparisonBuilder updatedAt(Instant value) {
        this.updatedAt = value;
        return this;
    }

    public ComparisonBuilder summary(String value) {
        this.summary = value;
        return this;
    }

    public ComparisonBuilder state(EvidenceState value) {
        this.state = value;
        return this;
    }

    public ComparisonBuilder restarts(int value) {
        this.restarts = value;
        return this;
    }

    public ComparisonBuilder alarm(String value) {
        this.alarm = value;
        return this;
    }

    public ComparisonBuilder critical(List<DimensionComparison> value) {
        this.critical = value;
        return this;
    }

    public Comparison build() {
        return new Comparison(schema, app, taskType, incumbent, candidate, judge, margin, n, meanDelta,
                stdDev, bootstrap, confidenceSequence, verdict, morePairsNeeded, costOfMorePairsUsd,
                replays, failures, latencyP95Ms, candidateCostPerCall, incumbentCostPerCall, replaySpendUsd,
                updatedAt, summary, state, restarts, alarm, critical);
    }
}
