package io.llmwatch.scorer.sample;

import io.llmwatch.event.ReplayResult;

/**
 * What settling a finished replay's charge needs: which charge, and what the replay actually cost.
 *
 * @param actualCostUsd the replay's cost plus what judging it cost (an LLM judge's own calls); null
 *                      when the replay's cost is unknown; the projected charge then stands
 */
record ReplayOutcome(String resultId, Double actualCostUsd) {

    static ReplayOutcome of(ReplayResult result) {
        if (result.cost() == null || !result.cost().known()) {
            return new ReplayOutcome(result.resultId(), null);
        }
        double judging = result.judgement() != null && result.judgement().cost() != null
                && result.judgement().cost().known() ? result.judgement().cost().amount() : 0;
        return new ReplayOutcome(result.resultId(), result.cost().amount() + judging);
    }
}
