package io.llmwatch.event;


/**
 * How one model stood when a recommendation was made: the figures and the evidence it was judged
 * on, and whether it was eligible.
 *
 * @param role               {@code incumbent} or {@code candidate}
 * @param calls              the incumbent's production calls over the horizon, or a candidate's replays
 * @param qualityMean        the incumbent's mean production quality, when scored
 * @param costPerCall        USD per call on this task's prompts (a candidate's own output tokens)
 * @param errorRate          share of failed calls (production for the incumbent, replays for a candidate)
 * @param latencyP95Ms       p95 latency, when measured
 * @param n                  paired deltas behind the verdict (candidates only)
 * @param meanDelta          mean paired delta candidate − incumbent
 * @param confidenceSequence the anytime-valid interval the verdict was decided on
 * @param bootstrap          the paired bootstrap CI, for reports
 * @param verdict            non-inferiority verdict against the task's margin
 * @param reason             one phrase on why it is (not) eligible or (not) chosen
 */
public record ModelStanding(
        String model,
        String role,
        long calls,
        Double qualityMean,
        Double costPerCall,
        double errorRate,
        Double latencyP95Ms,
        Long n,
        Double meanDelta,
        Interval confidenceSequence,
        Interval bootstrap,
        Verdict verdict,
        boolean eligible,
        String reason) {

    public static final String INCUMBENT = "incumbent";
    public static final String CANDIDATE = "candidate";

    /** This standing, with another verdict on eligibility and its reason. */
    public ModelStanding withEligibility(boolean eligible, String reason) {
        return new ModelStanding(model, role, calls, qualityMean, costPerCall, errorRate, latencyP95Ms, n, meanDelta,
                confidenceSequence, bootstrap, verdict, eligible, reason);
    }
}
