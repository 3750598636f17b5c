package io.llmwatch.app.run;

import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.config.LlmwatchConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which API keys {@code llmwatch run}'s collector requires: those of the config file
 * ({@code collector.api_keys}) and of {@value ApiKeys#ENV_VARIABLE}; with none, a key generated for
 * this run and printed once; with {@code --no-auth}, none at all, and a warning in the log.
 */
final class CollectorKeys {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorKeys.class);

    private CollectorKeys() {
    }

    /**
     * @param environment reads {@value ApiKeys#ENV_VARIABLE}
     * @param out         where a generated key is printed (stdout: logs go to stderr)
     */
    static ApiKeys resolve(LlmwatchConfig config, Function<String, String> environment, boolean noAuth, PrintWriter out) {
        if (noAuth) {
            LOG.warn("--no-auth: the collector accepts events and proxies calls from anyone who reaches its port;"
                    + " use this only for local experiments");
            return ApiKeys.disabled();
        }
        List<String> keys = new ArrayList<>(config.collector().apiKeys());
        keys.addAll(ApiKeys.parseList(environment.apply(ApiKeys.ENV_VARIABLE)));
        if (keys.stream().anyMatch(key -> !key.isBlank())) {
            return ApiKeys.of(keys);
        }
        String generated = ApiKeys.generate();
        out.println("No collector API key is configured (collector.api_keys in llmwatch.yaml, or "
                + ApiKeys.ENV_VARIABLE + "), so this run requires this generated one:");
        out.println();
        out.println("  " + generated);
        out.println();
        out.println("Send it as the X-LLMWatch-Key header (or Authorization: Bearer on /v1/*). It is shown only now.");
        out.flush();
        return ApiKeys.of(List.of(generated));
    }
}
