package io.llmwatch.event;

import io.llmwatch.text.Texts;
import java.time.Instant;
import java.util.List;

/**
 * Paired comparison of one candidate with the incumbent on one task of one app (schema
 * {@value #SCHEMA}); keyed {@code app/task/candidate}. The statistics cover the pairs since the
 * evidence last started afresh (docs/decisions.md): automated decisions use {@code
 * confidenceSequence} only, the one in force, which stays valid however often it is looked at.
 *
 * @param n                   paired deltas since the last restart (successful, judged replays)
 * @param meanDelta           mean of d = candidate − incumbent, in [-1, 1]
 * @param bootstrap           paired bootstrap percentile CI, for reports
 * @param confidenceSequence  anytime-valid confidence sequence, for decisions
 * @param verdict             against {@code margin}, on the confidence sequence
 * @param morePairsNeeded     when inconclusive: pairs that would likely decide it at the current
 *                            variance; null when decided, or when no number of pairs would
 * @param costOfMorePairsUsd  replay spend of those pairs
 * @param replays             candidate replays, failures included
 * @param failures            failed candidate replays
 * @param latencyP95Ms        the candidate's p95 replay latency
 * @param candidateCostPerCall mean cost of the candidate's replays, on this task's own prompts
 * @param incumbentCostPerCall mean production cost of the same calls
 * @param replaySpendUsd      everything spent on replays and judging for this pair so far
 * @param state               where the evidence stands: accumulating, decided, monitoring, alarmed
 * @param restarts            how often the evidence has started afresh (change alarms)
 * @param alarm               what the last alarm saw, or null if there was none
 * @param critical            the paired evidence on each critical dimension of the task
 *                            (docs/dimensions.md#critical-dimensions); null when it declares none
 */
public record Comparison(
        String schema,
        String app,
        String taskType,
        String incumbent,
        String candidate,
        String judge,
        double margin,
        long n,
        Double meanDelta,
        Double stdDev,
        Interval bootstrap,
        Interval confidenceSequence,
        Verdict verdict,
        Long morePairsNeeded,
        Double costOfMorePairsUsd,
        long replays,
        long failures,
        Double latencyP95Ms,
        Double candidateCostPerCall,
        Double incumbentCostPerCall,
        double replaySpendUsd,
        Instant updatedAt,
        String summary,
        EvidenceState state,
        int restarts,
        String alarm,
        List<DimensionComparison> critical) {

    public static final String SCHEMA = "llmwatch.comparison.v1";

    public Comparison {
        if (schema == null) {
            schema = SCHEMA;
        }
        critical = critical == null || critical.isEmpty() ? null : List.copyOf(critical);
    }

    /** A comparison of a task without critical dimensions. */
    public Comparison(String schema, String app, String taskType, String incumbent, String candidate, String judge,
                      double margin, long n, Double meanDelta, Double stdDev, Interval bootstrap,
                      Interval confidenceSequence, Verdict verdict, Long morePairsNeeded, Double costOfMorePairsUsd,
                      long replays, long failures, Double latencyP95Ms, Double candidateCostPerCall,
                      Double incumbentCostPerCall, double replaySpendUsd, Instant updatedAt, String summary,
                      EvidenceState state, int restarts, String alarm) {
        this(schema, app, taskType, incumbent, candidate, judge, margin, n, meanDelta, stdDev, bootstrap,
                confidenceSequence, verdict, morePairsNeeded, costOfMorePairsUsd, replays, failures, latencyP95Ms,
                candidateCostPerCall, incumbentCostPerCall, replaySpendUsd, updatedAt, summary, state, restarts, alarm,
                null);
    }

    /** A builder of a comparison, field by field. */
    public static ComparisonBuilder builder() {
        return new ComparisonBuilder();
    }

    /** A builder holding this comparison's fields, to make one that differs in some. */
    public ComparisonBuilder toBuilder() {
        return ComparisonBuilder.from(this);
    }

    /** This comparison with another summary. */
    public Comparison withSummary(String text) {
        return toBuilder().summary(text).build();
    }

    /** This comparison with the evidence on its task's critical dimensions. */
    public Comparison withCritical(List<DimensionComparison> dimensions) {
        return toBuilder().critical(dimensions).build();
    }

    /** This comparison's evidence on critical dimension {@code dimension}, or null when it has none. */
    public DimensionComparison critical(String dimension) {
        if (critical == null) {
            return null;
        }
        return critical.stream().filter(c -> c.dimension().equals(dimension)).findFirst().orElse(null);
    }

    public ModelKey key() {
        return new ModelKey(app, taskType, candidate);
    }

    public double errorRate() {
        return replays == 0 ? 0 : (double) failures / replays;
    }

    /**
     * The evidence in words, at {@code margin} (which may differ from the one it was published
     * with): "inconclusive at margin 0.02 (Δ −0.004, 95 % CS [−0.031, +0.022], n=40); ≈ 340 more
     * pairs, ≈ $0.41 would likely decide it", with the restarts and the last alarm after a change.
     */
    public String evidenceText(double margin) {
        return verdictText(margin) + restartText();
    }

    private String restartText() {
        if (restarts == 0) {
            return "";
        }
        return "; evidence restarted " + restarts + (restarts == 1 ? " time" : " times")
                + (alarm == null ? "" : ", last " + alarm);
    }

    private String verdictText(double margin) {
        if (n == 0 || meanDelta == null || confidenceSequence == null) {
            return "no paired evidence yet (" + replays + " replays, " + failures + " failed)";
        }
        Verdict now = Verdict.of(confidenceSequence, margin);
        String text = now.json() + " at margin " + Texts.number(margin) + " (Δ " + Texts.delta(meanDelta) + ", "
                + Texts.interval("CS", confidenceSequence) + ", n=" + Texts.count(n) + ")";
        if (now == Verdict.INCONCLUSIVE && morePairsNeeded != null && margin == this.margin) {
            text += "; ≈ " + Texts.count(morePairsNeeded) + " more pairs"
                    + (costOfMorePairsUsd == null ? "" : ", ≈ " + Texts.usd(costOfMorePairsUsd))
                    + " would likely decide it";
        }
        return text;
    }
}
