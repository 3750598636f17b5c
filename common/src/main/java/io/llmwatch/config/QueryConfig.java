package io.llmwatch.config;

import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The query API's section of {@code llmwatch.yaml}: who may read it. Without keys the API and the
 * dashboard are open to whoever reaches the port, which is only this machine while it binds
 * 127.0.0.1.
 *
 * <pre>
 * query:
 *   api_keys: [lw_read_key_1]
 * </pre>
 *
 * @param apiKeys read-only keys accepted on {@code /api/*}; none configured: no key required
 */
public record QueryConfig(List<String> apiKeys) {

    public static final QueryConfig DEFAULT = new QueryConfig(null);

    public QueryConfig {
        apiKeys = apiKeys == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(apiKeys));
    }

    /** Field errors, each prefixed with {@code path} (e.g. {@code query}). */
    public List<FieldError> validate(String path) {
        return new Checks()
                .check(apiKeys.stream().noneMatch(key -> key == null || key.isBlank()), path + ".api_keys",
                        "must not contain empty keys")
                .errors();
    }
}
