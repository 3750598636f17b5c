package io.llmwatch.scorer.sample;

import io.llmwatch.event.Cost;
import io.llmwatch.event.LlmCall;

/**
 * A call the scorer has just scored for the first time (not a duplicate, not a re-score after an
 * evaluation), with the cost it was priced at: what the sampler decides about.
 */
public record NewCall(LlmCall call, Cost cost) {
}
