package io.llmwatch.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.Cost;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.Usage;

/**
 * OpenAI's {@code usage} object in llmwatch's (OpenTelemetry's) terms: cached and cache-written
 * tokens are part of {@code prompt_tokens}, reasoning tokens part of {@code completion_tokens}. The
 * Responses API's {@code usage} ({@code input_tokens}, {@code input_tokens_details.cached_tokens},
 * {@code output_tokens}, {@code output_tokens_details.reasoning_tokens}) means the same and is read alike.
 */
public final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /**
     * The usage, or null when the object has neither total. {@code input_tokens}/{@code output_tokens}
     * are read when the chat names are missing (some compatible servers answer with them).
     */
    public static Usage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        Long input = count(usage, "prompt_tokens", "input_tokens");
        Long output = count(usage, "completion_tokens", "output_tokens");
        if (input == null && output == null) {
            return null;
        }
        JsonNode prompt = usage.has("prompt_tokens_details") ? usage.path("prompt_tokens_details")
                : usage.path("input_tokens_details");
        Long cached = count(prompt, "cached_tokens", null);
        Long written = count(prompt, "cache_write_tokens", null);
        JsonNode completion = usage.has("completion_tokens_details") ? usage.path("completion_tokens_details")
                : usage.path("output_tokens_details");
        Long reasoning = count(completion, "reasoning_tokens", null);
        // Breakdowns are part of the totals (OpenAI); a provider counting them on top would make the
        // event invalid, so such a breakdown is left out rather than the whole call.
        if (input == null || orZero(cached) + orZero(written) > input) {
            cached = null;
            written = null;
        }
        if (reasoning != null && (output == null || reasoning > output)) {
            reasoning = null;
        }
        return new Usage(input, output, cached, written, reasoning);
    }

    /** The cost the provider reports in {@code usage.cost} (OpenRouter), or null. */
    public static Cost cost(JsonNode usage) {
        JsonNode amount = usage == null ? null : usage.get("cost");
        if (amount == null || !amount.isNumber() || amount.doubleValue() < 0) {
            return null;
        }
        return new Cost(amount.doubleValue(), Cost.USD, CostSource.PROVIDER, "reported by the provider");
    }

    private static Long count(JsonNode parent, String name, String alternative) {
        JsonNode value = parent.get(name);
        if ((value == null || !value.isIntegralNumber()) && alternative != null) {
            value = parent.get(alternative);
        }
        return value != null && value.isIntegralNumber() && value.longValue() >= 0 ? value.longValue() : null;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
