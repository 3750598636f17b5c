package io.llmwatch.collector.proxy;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.llmwatch.collector.ingest.BoundedBody;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads a proxied request body: at most the body limit as sent (413 beyond), and a gzip-encoded
 * body is decoded, to at most the same limit, so that a small compressed body cannot expand into
 * an unbounded one.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static byte[] read(Context ctx, long maxBytes) throws IOException {
        byte[] raw = BoundedBody.read(ctx, maxBytes);
        String encoding = ctx.header("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return raw;
        }
        String coding = encoding.trim().toLowerCase(Locale.ROOT);
        if (!coding.equals("gzip") && !coding.equals("x-gzip")) {
            throw new HttpResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding '" + encoding + "' is not supported; send gzip or no encoding", Map.of());
        }
        byte[] decoded;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            decoded = in.readNBytes((int) maxBytes + 1);
        } catch (IOException e) {
            throw new HttpResponseException(HttpStatus.BAD_REQUEST, "the body is not valid gzip: " + e.getMessage(),
                    Map.of());
        }
        if (decoded.length > maxBytes) {
            throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE,
                    "the decompressed request body is larger than " + maxBytes + " bytes", Map.of());
        }
        return decoded;
    }
}
