package io.llmwatch.scorer.quality;

import io.llmwatch.event.Cost;
import io.llmwatch.event.LlmCall;

/**
 * The {@code efficiency} dimension of a call (0..1): its tokens and cost against the task's own
 * budget, with RDAB's token score {@code max(0, 1 − max(0, x/budget − 1))}: 1 up to the budget,
 * falling linearly to 0 at twice the budget.
 *
 * <ul>
 *   <li>tokens: x = input + output tokens; budget = the task's {@code token_budget} when configured,
 *       else the task's rolling mean of tokens ({@link TaskBudget#tokens()}) once it is
 *       {@link RollingMean#ready() ready};</li>
 *   <li>cost: x = the call's cost; budget = the task's rolling mean cost once ready;</li>
 *   <li>efficiency = the mean of the scores that exist; null (unmeasured) when neither does
 *       (unknown usage or cost, or a task still warming up);</li>
 *   <li>halved when the call failed, as RDAB halves the efficiency of a run that errored.</li>
 * </ul>
 * The call is scored against the budget as it was before the call, so it is not measured against
 * itself.
 */
public final class Efficiency {

    private Efficiency() {
    }

    /** RDAB's score of a quantity against its budget. */
    public static double budgetScore(double value, double budget) {
        return Math.max(0, 1 - Math.max(0, value / budget - 1));
    }

    /**
     * @param configuredTokenBudget the task's {@code token_budget}, or null
     * @param budget                the task's rolling budget before this call
     */
    public static Double of(LlmCall call, Cost cost, Long configuredTokenBudget, TaskBudget budget) {
        double sum = 0;
        int scores = 0;
        Long tokens = call.usage() == null ? null : call.usage().totalTokens();
        Double tokenBudget = configuredTokenBudget != null && configuredTokenBudget > 0
                ? Double.valueOf(configuredTokenBudget)
                : budget.tokens().ready() ? budget.tokens().mean() : null;
        if (tokens != null && tokenBudget != null && tokenBudget > 0) {
            sum += budgetScore(tokens, tokenBudget);
            scores++;
        }
        if (cost != null && cost.known() && budget.cost().ready() && budget.cost().mean() > 0) {
            sum += budgetScore(cost.amount(), budget.cost().mean());
            scores++;
        }
        if (scores == 0) {
            return null;
        }
        double efficiency = sum / scores;
        return call.failed() ? efficiency / 2 : efficiency;
    }
}
