package io.llmwatch.sdk.langchain4j;

import dev.langchain4j.model.output.TokenUsage;
import io.llmwatch.event.Usage;
import java.lang.reflect.Method;

/**
 * LangChain4j's token usage in llmwatch's terms (input includes cached tokens, output includes
 * reasoning tokens). The cache and reasoning breakdowns live in provider modules' subclasses
 * ({@code OpenAiTokenUsage}, {@code AnthropicTokenUsage}); they are read by method name so that this
 * adapter depends on {@code langchain4j-core} only.
 *
 * <ul>
 *   <li>OpenAI: {@code inputTokensDetails().cachedTokens()} (already part of the input count) and
 *       {@code outputTokensDetails().reasoningTokens()} (already part of the output count).</li>
 *   <li>Anthropic: {@code cacheReadInputTokens()} and {@code cacheCreationInputTokens()}, which
 *       Anthropic counts <em>on top of</em> its input tokens: they are added to the input here.</li>
 * </ul>
 */
final class TokenUsages {

    private TokenUsages() {
    }

    static Usage of(TokenUsage usage) {
        if (usage == null) {
            return null;
        }
        Long input = toLong(usage.inputTokenCount());
        Long output = toLong(usage.outputTokenCount());
        Long cacheRead = toLong(path(usage, "inputTokensDetails", "cachedTokens"));
        Long reasoning = toLong(path(usage, "outputTokensDetails", "reasoningTokens"));
        Long cacheCreation = null;
        Long anthropicRead = toLong(path(usage, "cacheReadInputTokens"));
        Long anthropicCreation = toLong(path(usage, "cacheCreationInputTokens"));
        if (anthropicRead != null || anthropicCreation != null) {
            cacheRead = anthropicRead;
            cacheCreation = anthropicCreation;
            if (input != null) {
                input += orZero(anthropicRead) + orZero(anthropicCreation);
            }
        }
        return new Usage(input, output, cacheRead, cacheCreation, reasoning);
    }

    /**
     * Calls public no-argument methods one after the other; null as soon as one is missing or
     * returns null. Looked up on each call: once per LLM call costs nothing next to the call.
     */
    private static Object path(Object target, String... methods) {
        Object value = target;
        for (String name : methods) {
            if (value == null) {
                return null;
            }
            try {
                Method method = value.getClass().getMethod(name);
                value = method.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return value;
    }

    private static Long toLong(Object value) {
        return value instanceof Number number ? number.longValue() : null;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
