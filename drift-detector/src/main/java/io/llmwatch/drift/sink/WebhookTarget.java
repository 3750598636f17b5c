package io.llmwatch.drift.sink;

import io.llmwatch.config.WebhookConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a webhook posts: its URL and headers, resolved once from the config and the environment
 * variables it names ({@code url_env}, {@code headers_env}), which may hold secrets; the URL's path and
 * query can be one too, so logs and errors name only the {@link #origin} (scheme, host and port).
 *
 * @param uri     the URL to post to
 * @param origin  scheme, host and port: what logs may show
 * @param headers the headers to send, values included
 */
record WebhookTarget(URI uri, String origin, Map<String, String> headers) {

    /**
     * @throws IllegalArgumentException when a variable it names is unset or the URL it holds is not an
     *                                  http(s) URL; the message never echoes a value
     */
    static WebhookTarget resolve(String name, WebhookConfig config, Function<String, String> environment) {
        URI uri = uri(name, config, environment);
        String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return new WebhookTarget(uri, origin, headers(name, config, environment));
    }

    /** An exception in words, with any mention of the URL reduced to scheme, host and port. */
    String describe(Throwable cause) {
        String message = cause.getMessage();
        String text = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        text = text.replace(uri.toString(), origin);
        String path = uri.getRawPath();
        return path == null || path.length() <= 1 ? text : text.replace(path, "/...");
    }

    private static URI uri(String name, WebhookConfig config, Function<String, String> environment) {
        String url = config.url() != null ? config.url() : environment.apply(config.urlEnv());
        String origin = config.url() != null ? "url" : "the environment variable " + config.urlEnv() + " (url_env)";
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("webhook " + name + ": " + origin + " is not set");
        }
        try {
            URI uri = URI.create(url.trim());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below without echoing the value, which may be a secret
        }
        throw new IllegalArgumentException("webhook " + name + ": " + origin + " does not hold an http:// or https:// URL");
    }

    private static Map<String, String> headers(String name, WebhookConfig config, Function<String, String> environment) {
        Map<String, String> headers = new LinkedHashMap<>();
        config.headersEnv().forEach((header, variable) -> {
            String value = environment.apply(variable);
            if (value == null) {
                throw new IllegalArgumentException("webhook " + name + ": the environment variable " + variable
                        + " (headers_env." + header + ") is not set");
            }
            headers.put(header, value);
        });
        return Map.copyOf(headers);
    }
}
