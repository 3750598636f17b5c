package io.llmwatch.config;

import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.util.List;

/**
 * How recorded requests are replayed against candidates ({@code replay:} in {@code llmwatch.yaml}).
 * A recorded request is replayed with its {@code max_tokens} (or {@code max_completion_tokens})
 * capped at {@code maxTokens} (set to it when the request has none), {@code n} capped at
 * {@code maxN}, and streaming off, so that one replay's cost has a bound known before it is sent.
 *
 * <pre>
 * replay:
 *   max_tokens: 4096
 *   max_n: 1
 * </pre>
 *
 * @param maxTokens output tokens a replay may produce per choice (default 4096)
 * @param maxN      choices a replay may ask for (default 1: the judges read one)
 */
public record ReplayConfig(Integer maxTokens, Integer maxN) {

    public static final ReplayConfig DEFAULT = new ReplayConfig(4096, 1);

    /** This config, each unset field taken from {@code fallback}. */
    public ReplayConfig orElse(ReplayConfig fallback) {
        return new ReplayConfig(maxTokens != null ? maxTokens : fallback.maxTokens,
                maxN != null ? maxN : fallback.maxN);
    }

    /** Field errors, each prefixed with {@code path}. */
    public List<FieldError> validate(String path) {
        return new Checks()
                .check(maxTokens == null || maxTokens >= 1, path + ".max_tokens", "must be >= 1")
                .check(maxN == null || maxN >= 1, path + ".max_n", "must be >= 1")
                .errors();
    }
}
