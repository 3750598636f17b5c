package io.llmwatch.config;

import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An OpenAI-compatible provider endpoint. The API key is never configured directly: {@code apiKeyEnv}
 * names the environment variable that holds it.
 *
 * @param baseUrl        e.g. {@code https://api.openai.com/v1}
 * @param apiKeyEnv      name of the environment variable holding the key, e.g. {@code OPENAI_API_KEY}
 * @param maxConcurrency requests in flight at once
 * @param timeoutMs      per request
 * @param models         the models it serves, exact ids or globs with {@code *} (e.g. {@code llama-*});
 *                       null or empty = only models routed to it by name
 * @param idempotencyKeys whether the provider honours an {@code Idempotency-Key} header on chat requests
 *                        (answers a repeated key without charging it again); null = false. Replays always
 *                        send one; only when this is true does a replay interrupted by a worker crash get
 *                        sent again, since otherwise the provider may already have been paid for it
 */
public record ProviderConfig(String baseUrl, String apiKeyEnv, Integer maxConcurrency, Long timeoutMs,
        List<String> models, Boolean idempotencyKeys) {

    public ProviderConfig {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** A provider that does not honour idempotency keys. */
    public ProviderConfig(String baseUrl, String apiKeyEnv, Integer maxConcurrency, Long timeoutMs, List<String> models) {
        this(baseUrl, apiKeyEnv, maxConcurrency, timeoutMs, models, null);
    }

    /** Whether a repeated {@code Idempotency-Key} is answered without paying again. */
    public boolean honoursIdempotencyKeys() {
        return Boolean.TRUE.equals(idempotencyKeys);
    }

    /** Whether one of {@link #models()} names or matches {@code model}. */
    public boolean serves(String model) {
        for (String pattern : models) {
            if (pattern.equals(model) || pattern.contains("*") && glob(pattern).matcher(model).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")));
    }

    /** Field errors, each prefixed with {@code path} (e.g. {@code providers.openai}). */
    public List<FieldError> validate(String path) {
        return new Checks()
                .required(path + ".base_url", baseUrl)
                .check(maxConcurrency == null || maxConcurrency >= 1, path + ".max_concurrency", "must be >= 1")
                .check(timeoutMs == null || timeoutMs >= 1, path + ".timeout_ms", "must be >= 1")
                .errors();
    }
}
