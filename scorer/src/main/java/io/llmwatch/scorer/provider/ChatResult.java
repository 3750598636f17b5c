package io.llmwatch.scorer.provider;

import io.llmwatch.event.CallError;
import io.llmwatch.event.Usage;

/**
 * The outcome of one chat completion, successful or not.
 *
 * @param provider      the provider that served it
 * @param responseModel the model the provider reports, when it does
 * @param outputText    by the one output-text rule ({@link io.llmwatch.openai.OutputText})
 * @param usage         tokens as reported; null when the provider reported none
 * @param latencyMs     of the attempt that produced this result
 * @param error         why it failed, after retries; null on success
 * @param attempts      HTTP attempts made, retries included
 */
public record ChatResult(
        String provider,
        String responseModel,
        String outputText,
        String finishReason,
        Usage usage,
        double latencyMs,
        CallError error,
        int attempts) {

    public boolean failed() {
        return error != null;
    }
}
