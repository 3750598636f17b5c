package io.llmwatch.collector.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * A before-handler that lets a request through only with an accepted API key.
 *
 * <p>The key comes in {@value #KEY_HEADER}, or, where {@link Mode#KEY_OR_BEARER} allows it, as
 * {@code Authorization: Bearer <key>}. On the recording proxy {@code Authorization} belongs to the
 * provider, so there only {@value #KEY_HEADER} counts ({@link Mode#KEY_HEADER_ONLY}). A refused
 * request is answered 401 with a JSON error that names the header, never the key presented.
 */
public final class ApiKeyFilter implements Handler {

    public static final String KEY_HEADER = "X-LLMWatch-Key";
    private static final String BEARER = "bearer ";

    /** Where a key may be presented. */
    public enum Mode {
        /** {@value #KEY_HEADER} or {@code Authorization: Bearer}: the ingest endpoints. */
        KEY_OR_BEARER,
        /** {@value #KEY_HEADER} only: the proxy, whose {@code Authorization} is the provider's. */
        KEY_HEADER_ONLY
    }

    private final ApiKeys keys;
    private final Mode mode;
    private final Counter refused;

    /** The collector's filter, counting refusals in {@code llmwatch.collector.auth.refused}. */
    public ApiKeyFilter(ApiKeys keys, Mode mode, MeterRegistry registry) {
        this(keys, mode, Counter.builder("llmwatch.collector.auth.refused")
                .description("Requests refused for a missing or wrong API key")
                .tag("mode", mode.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry));
    }

    /** A filter of another server (the query API), counting refusals in {@code refused}. */
    public ApiKeyFilter(ApiKeys keys, Mode mode, Counter refused) {
        this.keys = keys;
        this.mode = mode;
        this.refused = refused;
    }

    @Override
    public void handle(Context ctx) {
        if (!keys.required() || keys.accepts(presentedKey(ctx))) {
            return;
        }
        refused.increment();
        ctx.header("WWW-Authenticate", "Bearer realm=\"llmwatch\"");
        throw new HttpResponseException(HttpStatus.UNAUTHORIZED.getCode(), mode == Mode.KEY_OR_BEARER
                ? "a valid API key is required in the " + KEY_HEADER + " header or as Authorization: Bearer <key>"
                : "a valid llmwatch API key is required in the " + KEY_HEADER
                        + " header (Authorization is passed to the provider)", Map.of());
    }

    private String presentedKey(Context ctx) {
        return presentedKey(ctx.header(KEY_HEADER), ctx.header("Authorization"), mode);
    }

    /**
     * The key a request presents, by the rule above, from its {@value #KEY_HEADER} and
     * {@code Authorization} values (either may be null); null when it presents none. Shared with
     * transports other than Javalin's (OTLP/gRPC metadata).
     */
    public static String presentedKey(String key, String authorization, Mode mode) {
        if (key != null || mode == Mode.KEY_HEADER_ONLY) {
            return key;
        }
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return null;
    }
}
