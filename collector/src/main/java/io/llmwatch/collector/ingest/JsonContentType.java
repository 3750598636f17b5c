package io.llmwatch.collector.ingest;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses (415) a POST whose {@code Content-Type} is not JSON. Besides naming the mistake, it
 * closes the door a browser leaves open: a cross-origin {@code text/plain} (or form) POST is sent
 * without a CORS preflight, so a web page could otherwise make a visitor's browser publish calls or
 * spend the proxy's provider key; a cross-origin JSON POST needs a preflight, which this server
 * never grants.
 */
public final class JsonContentType implements Handler {

    public static final String JSON = "application/json";

    @Override
    public void handle(Context ctx) {
        if (ctx.method() != HandlerType.POST) {
            return;
        }
        String type = mediaType(ctx.contentType());
        if (type == null || !(type.equals(JSON) || type.endsWith("+json"))) {
            throw new HttpResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(), "Content-Type must be " + JSON
                    + (type == null ? "; the request has none" : ", not '" + type + "'"), Map.of());
        }
    }

    /** The lowercase media type or coding without parameters; null when absent. */
    public static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon >= 0 ? header.substring(0, semicolon) : header).strip().toLowerCase(Locale.ROOT);
    }
}
