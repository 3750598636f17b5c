package io.llmwatch.collector.proxy;

import io.javalin.http.Context;
import io.llmwatch.config.ProviderConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Enumeration;

/**
 * The request the proxy sends upstream for a caller's: the provider's {@code base_url} plus the API's
 * path and the caller's query, the caller's headers that may cross ({@link Headers}), the credential
 * as the {@link WireApi} sends it, and gzip asked for only when it can be passed on.
 */
final class UpstreamRequest {

    private UpstreamRequest() {
    }

    /**
     * @param providerKey llmwatch's key for the provider, or null to pass the caller's credential on
     * @param askGzip     whether to ask the provider for a gzip answer
     */
    static HttpRequest of(Context ctx, ProviderConfig provider, ChatRequest request,
                          String providerKey, Duration timeout, boolean askGzip) {
        String base = provider.baseUrl().endsWith("/")
                ? provider.baseUrl().substring(0, provider.baseUrl().length() - 1) : provider.baseUrl();
        String query = ctx.queryString();
        URI uri = URI.create(base + request.api().upstreamPath() + (query == null || query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .version("https".equalsIgnoreCase(uri.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.upstreamBytes()));
        for (Enumeration<String> names = ctx.req().getHeaderNames(); names.hasMoreElements(); ) {
            String header = names.nextElement();
            if (Headers.forwardRequest(header)) {
                for (Enumeration<String> values = ctx.req().getHeaders(header); values.hasMoreElements(); ) {
                    builder.header(header, values.nextElement());
                }
            }
        }
        request.api().credential(builder, providerKey, ctx::header);
        builder.header("Accept-Encoding", askGzip ? "gzip" : "identity");
        return builder.build();
    }
}
