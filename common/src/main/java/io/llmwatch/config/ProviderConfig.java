package io.llmwatch.config;

import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.util.List;

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

    /** Field errors, each prefixed with {@code path} (e.g. {@code providers.openai}). */
    public List<FieldError> validate(String path) {
        return new Checks()
                .required(path + ".base_url", baseUrl)
                .check(maxConcurrency == null || maxConcurrency >= 1, path + ".max_concurrency", "must be >= 1")
                .check(timeoutMs == null || timeoutMs >= 1, path + ".timeout_ms", "must be >= 1")
                .errors();
    }
}
