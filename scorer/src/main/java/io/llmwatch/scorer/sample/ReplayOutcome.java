package io.llmwatch.scorer.sample;

import io.llmwatch.event.ReplayResult;

/**
 * What settling a finished replay's charge needs: which charge, and what the replay actually cost.
 *
 * @param actualCostUsd null when the replay's cost is unknown; the projected charge then stands
 */
record ReplayOutcome(String resultId, Double actualCostUsd) {

    static ReplayOutcome of(ReplayResult result) {
        return new ReplayOutcome(result.resultId(),
                result.cost() != null && result.cost().known() ? result.cost().amount() : null);
    }
}
