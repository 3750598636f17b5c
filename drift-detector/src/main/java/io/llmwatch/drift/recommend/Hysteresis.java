package io.llmwatch.drift.recommend;

/**
 * The accepted optimum of a task and the change that may replace it. The hysteresis is asymmetric
 * (docs/decisions.md). Switching waits for stable evidence: a different best model must be best in
 * K consecutive decided windows before it is accepted; a window in which it is not (the accepted
 * model is best again, another model is, or none is eligible) breaks the streak, so a one-window
 * blip changes nothing. Falling back does not wait: once the accepted model is no longer eligible
 * (its verdict was taken back by a change alarm, or it broke a limit), the best eligible model of
 * the window replaces it at once, so that a recommendation never rests on evidence that no longer
 * holds.
 *
 * @param accepted       the accepted optimum, or null before the first one is known
 * @param pending        the model that has been best lately instead of {@code accepted}, or null
 * @param pendingWindows for how many consecutive windows {@code pending} has been best
 */
public record Hysteresis(String accepted, String pending, int pendingWindows) {

    /** Starts from the task's configured incumbent (null when none is configured). */
    public static Hysteresis startingFrom(String incumbent) {
        return new Hysteresis(incumbent, null, 0);
    }

    /**
     * One decided window.
     *
     * @param best             the best model of the window, null when no model was eligible
     * @param acceptedEligible whether the accepted model is eligible in this window
     * @param requiredWindows  K, at least 1
     */
    public Step next(String best, boolean acceptedEligible, int requiredWindows) {
        if (best == null) {
            return new Step(new Hysteresis(accepted, null, 0), null);
        }
        if (accepted == null) {
            // Nothing to compare against: the first optimum is taken as it is, without an alert.
            return new Step(new Hysteresis(best, null, 0), null);
        }
        if (best.equals(accepted)) {
            return new Step(new Hysteresis(accepted, null, 0), null);
        }
        if (!acceptedEligible) {
            return new Step(new Hysteresis(best, null, 0), accepted);
        }
        int windows = best.equals(pending) ? pendingWindows + 1 : 1;
        if (windows >= requiredWindows) {
            return new Step(new Hysteresis(best, null, 0), accepted);
        }
        return new Step(new Hysteresis(accepted, best, windows), null);
    }

    /**
     * @param state         the state after the window
     * @param replacedModel the previously accepted model when this window accepted a change, else null
     */
    public record Step(Hysteresis state, String replacedModel) {

        public boolean changed() {
            return replacedModel != null;
        }
    }
}
