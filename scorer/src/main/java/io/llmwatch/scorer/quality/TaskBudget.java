package io.llmwatch.scorer.quality;

import io.llmwatch.event.Cost;
import io.llmwatch.event.LlmCall;

/**
 * The rolling budgets of one task of one app, against which {@link Efficiency} scores a call: the
 * mean total tokens and the mean cost of its recent successful calls.
 *
 * @param tokens rolling mean of input + output tokens, over calls whose usage is known
 * @param cost   rolling mean of the cost, over calls whose cost is known
 */
public record TaskBudget(RollingMean tokens, RollingMean cost) {

    public static final TaskBudget EMPTY = new TaskBudget(RollingMean.EMPTY, RollingMean.EMPTY);

    public TaskBudget {
        tokens = tokens == null ? RollingMean.EMPTY : tokens;
        cost = cost == null ? RollingMean.EMPTY : cost;
    }

    /**
     * This budget with the call folded in. A failed call is left out: it says how much a call costs
     * when it breaks, not what the task needs.
     */
    public TaskBudget add(LlmCall call, Cost callCost) {
        if (call.failed()) {
            return this;
        }
        Long total = call.usage() == null ? null : call.usage().totalTokens();
        return new TaskBudget(total == null ? tokens : tokens.add(total),
                callCost == null || !callCost.known() ? cost : cost.add(callCost.amount()));
    }
}
