package io.llmwatch.event;

import io.llmwatch.text.Texts;

/**
 * A candidate's paired evidence on one critical dimension of its task (docs/dimensions.md#critical-dimensions),
 * published inside its {@link Comparison}: the deltas of that dimension's score (candidate's output
 * minus production's, on the same replayed calls) since the evidence last started afresh, with their
 * own confidence sequence, change detector and error spending, exactly as the composite's.
 *
 * @param dimension          the dimension's name, e.g. {@code stat_validity}
 * @param margin             the dimension's non-inferiority margin when published
 * @param n                  paired deltas since the last restart; 0 before any
 * @param meanDelta          their mean, null before any
 * @param confidenceSequence anytime-valid interval of the mean delta, null before any
 * @param verdict            on {@code confidenceSequence} at {@code margin}, null before any delta
 * @param state              where the evidence stands
 * @param restarts           change alarms so far
 * @param alarm              what the last alarm saw, or null
 */
public record DimensionComparison(
        String dimension,
        double margin,
        long n,
        Double meanDelta,
        Interval confidenceSequence,
        Verdict verdict,
        EvidenceState state,
        int restarts,
        String alarm) {

    /** The verdict at {@code margin} (which may differ from the published one); inconclusive without evidence. */
    public Verdict verdictAt(double margin) {
        return confidenceSequence == null || n == 0 ? Verdict.INCONCLUSIVE : Verdict.of(confidenceSequence, margin);
    }

    /**
     * Why this dimension keeps the candidate from being recommended at {@code margin}, or null when
     * it is shown non-inferior (or better): "stat_validity is critical: worse at margin 0.02 (Δ −0.080,
     * 95 % CS [−0.120, −0.040], n=300)".
     */
    public String blockingReason(double margin) {
        Verdict verdict = verdictAt(margin);
        if (verdict.goodEnough()) {
            return null;
        }
        String evidence = n == 0 || meanDelta == null || confidenceSequence == null
                ? "no paired evidence on it yet"
                : verdict.json() + " at margin " + Texts.number(margin) + " (Δ " + Texts.delta(meanDelta) + ", "
                        + Texts.interval("CS", confidenceSequence) + ", n=" + Texts.count(n) + ")";
        String restarted = restarts == 0 ? "" : "; its evidence restarted " + restarts + (restarts == 1 ? " time" : " times")
                + (alarm == null ? "" : ", last " + alarm);
        return dimension + " is critical: " + evidence + restarted;
    }
}
