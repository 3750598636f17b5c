package io.llmwatch.config;

/**
 * An OpenAI-compatible provider endpoint. The API key is never configured directly: {@code apiKeyEnv}
 * names the environment variable that holds it.
 *
 * @param baseUrl        e.g. {@code https://api.openai.com/v1}
 * @param apiKeyEnv      name of the environment variable holding the key, e.g. {@code OPENAI_API_KEY}
 * @param maxConcurrency requests in flight at once
 * @param timeoutMs      per request
 */
public record ProviderConfig(String baseUrl, String apiKeyEnv, Integer maxConcurrency, Long timeoutMs) {
}
