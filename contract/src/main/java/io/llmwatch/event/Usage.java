package io.llmwatch.event;

import io.llmwatch.validate.Checks;

/**
 * Token usage of one call, after the OpenTelemetry GenAI conventions: {@code inputTokens}
 * <em>includes</em> cached input tokens and {@code outputTokens} <em>includes</em> reasoning tokens;
 * the breakdowns are never added on top. A null count is unknown, not zero.
 */
public record Usage(
        Long inputTokens,
        Long outputTokens,
        Long cacheReadInputTokens,
        Long cacheCreationInputTokens,
        Long reasoningOutputTokens) {

    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, null, null, null);
    }

    /** Input plus output tokens, or null when either is unknown. */
    public Long totalTokens() {
        return inputTokens == null || outputTokens == null ? null : inputTokens + outputTokens;
    }

    /**
     * Checks the counts as the {@code usage} field of a call. The paths are constants: building them
     * per call ({@code prefix + ".input_tokens"}) cost seven strings per call read, for an error message
     * nearly no call needs.
     */
    void check(Checks checks) {
        checks.nonNegativeAtMost("usage.input_tokens", inputTokens, LlmCall.MAX_TOKENS, "tokens")
                .nonNegativeAtMost("usage.output_tokens", outputTokens, LlmCall.MAX_TOKENS, "tokens")
                .nonNegativeAtMost("usage.cache_read_input_tokens", cacheReadInputTokens, LlmCall.MAX_TOKENS, "tokens")
                .nonNegativeAtMost("usage.cache_creation_input_tokens", cacheCreationInputTokens, LlmCall.MAX_TOKENS, "tokens")
                .nonNegativeAtMost("usage.reasoning_output_tokens", reasoningOutputTokens, LlmCall.MAX_TOKENS, "tokens");
        long cached = orZero(cacheReadInputTokens) + orZero(cacheCreationInputTokens);
        checks.check(inputTokens == null || inputTokens < 0 || cached <= inputTokens, "usage.cache_read_input_tokens",
                "plus cache_creation_input_tokens must not exceed input_tokens (input_tokens includes cached tokens)");
        checks.check(outputTokens == null || outputTokens < 0 || reasoningOutputTokens == null
                        || reasoningOutputTokens <= outputTokens,
                "usage.reasoning_output_tokens", "must not exceed output_tokens (output_tokens includes reasoning tokens)");
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
