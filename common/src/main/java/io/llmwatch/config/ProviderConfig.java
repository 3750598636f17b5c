package io.llmwatch.config;

import io.llmwatch.validate.Checks;
import io.llmwatch.wire.ProviderApi;
import io.llmwatch.validate.FieldError;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A provider endpoint: OpenAI-compatible by default, and any of the {@link ProviderApi}s its upstream
 * serves. The API key is never configured directly: {@code apiKeyEnv}
 * names the environment variable that holds it.
 *
 * @param baseUrl        e.g. {@code https://api.openai.com/v1}
 * @param apiKeyEnv      name of the environment variable holding the key, e.g. {@code OPENAI_API_KEY}
 * @param maxConcurrency requests in flight at once
 * @param timeoutMs      per request
 * @param models         the models it serves, exact ids or globs with {@code *} (e.g. {@code llama-*});
 *                       null or empty = only models routed to it by name
 * @param apis           the APIs its upstream serves, by {@link ProviderApi#configName()}
 *                       ({@code chat_completions}, {@code responses}, {@code anthropic_messages});
 *                       null or empty = {@code [chat_completions]}. A call is replayed in the API it
 *                       was made with, so a candidate must be on a provider that serves it (or the
 *                       request must translate to chat completions without loss)
 * @param idempotencyKeys whether the provider honours an {@code Idempotency-Key} header on chat requests
 *                        (answers a repeated key without charging it again); null = false. Replays always
 *                        send one; only when this is true does a replay interrupted by a worker crash get
 *                        sent again, since otherwise the provider may already have been paid for it
 */
public record ProviderConfig(String baseUrl, String apiKeyEnv, Integer maxConcurrency, Long timeoutMs,
        List<String> models, List<String> apis, Boolean idempotencyKeys) {

    public ProviderConfig {
        models = models == null ? List.of() : List.copyOf(models);
        apis = apis == null || apis.isEmpty() ? List.of(ProviderApi.CHAT_COMPLETIONS.configName()) : List.copyOf(apis);
    }

    /** A builder of an entry, field by field; fields left out stay absent. */
    public static ProviderConfigBuilder builder() {
        return new ProviderConfigBuilder();
    }

    /** Whether its upstream serves {@code api}. */
    public boolean speaks(ProviderApi api) {
        return apis.contains(api.configName());
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
                .check(apis.stream().allMatch(api -> ProviderApi.ofConfigName(api).isPresent()), path + ".apis",
                        "must name only " + String.join(", ", ProviderApi.configNames()) + ", not " + apis)
                .errors();
    }
}
