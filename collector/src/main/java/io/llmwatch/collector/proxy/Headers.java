package io.llmwatch.collector.proxy;

import io.llmwatch.delivery.RetryAfter;
import jakarta.servlet.http.HttpServletResponse;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the proxy. Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and
 * never do; the proxy sets the body framing and encoding itself; llmwatch's own headers (the
 * collector key above all) never reach the provider.
 */
final class Headers {

    static final String APP = "X-LLMWatch-App";
    static final String TASK = "X-LLMWatch-Task";
    static final String TRACE = "X-LLMWatch-Trace-Id";
    static final String SESSION = "X-LLMWatch-Session-Id";
    static final String RETRY_COUNT = "X-Stainless-Retry-Count";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String SHOULD_RETRY = "x-should-retry";

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "http2-settings");
    /** Set by the proxy for its own hop, or refused by {@link java.net.http.HttpRequest.Builder#header}. */
    private static final Set<String> REQUEST_OWN = Set.of("host", "content-length", "content-encoding", "accept-encoding",
            "expect");
    private static final Set<String> RESPONSE_OWN = Set.of("content-length", "content-encoding", "date", "server");
    private static final String LLMWATCH_PREFIX = "x-llmwatch-";

    private Headers() {
    }

    /** Whether the caller's header goes upstream (credentials are decided by {@link WireApi#credential}). */
    static boolean forwardRequest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !HOP_BY_HOP.contains(lower) && !REQUEST_OWN.contains(lower) && !lower.startsWith(LLMWATCH_PREFIX)
                && !WireApi.isCredential(lower) && !lower.startsWith(":");
    }

    /** Whether the provider's header goes back to the caller. */
    static boolean forwardResponse(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !HOP_BY_HOP.contains(lower) && !RESPONSE_OWN.contains(lower) && !lower.startsWith(":");
    }

    /** Whether an {@code Accept-Encoding} value accepts gzip (and not with {@code q=0}). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.trim().split(";");
            String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*")) {
                return !(pieces.length > 1 && pieces[1].replace(" ", "").matches("q=0(\\.0*)?"));
            }
        }
        return false;
    }

    /** Copies the provider's response headers that may cross onto the caller's response. */
    static void copyResponse(HttpHeaders headers, HttpServletResponse res) {
        for (Map.Entry<String, List<String>> header : headers.map().entrySet()) {
            if (Headers.forwardResponse(header.getKey())) {
                for (String value : header.getValue()) {
                    res.addHeader(header.getKey(), value);
                }
            }
        }
    }

    /** The wait the provider asked for, read by the one {@link RetryAfter}; null when it named none. */
    static Long retryAfterMs(HttpHeaders headers) {
        return RetryAfter.of(headers, Instant.now()).map(Duration::toMillis).orElse(null);
    }

    /** The provider's {@code x-should-retry}, null when absent. */
    static Boolean shouldRetry(HttpHeaders headers) {
        return headers.firstValue(Headers.SHOULD_RETRY).map(v -> v.trim().equalsIgnoreCase("true")).orElse(null);
    }
}
