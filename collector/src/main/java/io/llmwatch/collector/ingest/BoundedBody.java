package io.llmwatch.collector.ingest;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request body under the one body limit of the collector ({@link CollectorOptions#maxBodyBytes()},
 * 1 MiB by default): the body as sent, and a gzip body once more after decoding, so a small
 * compressed body cannot expand into a large one. Answers, as {@link HttpResponseException}s: 413
 * beyond the limit (without reading all of it), 415 for another content encoding, 400 for broken
 * gzip, and 408 when the client stops sending before the body is complete (the server's read
 * timeout, {@code collector.read_timeout}).
 */
public final class BoundedBody {

    private BoundedBody() {
    }

    public static byte[] read(Context ctx, long maxBytes) throws IOException {
        String coding = coding(ctx.header("Content-Encoding"));
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw tooLarge("the request body is larger than " + maxBytes + " bytes; send fewer events per request");
        }
        // Chunked bodies have no declared length: read one byte past the limit to notice.
        byte[] body = readStalling(ctx, maxBytes);
        if (body.length > maxBytes) {
            throw tooLarge("the request body is larger than " + maxBytes + " bytes; send fewer events per request");
        }
        return coding == null ? body : gunzip(body, maxBytes);
    }

    private static byte[] readStalling(Context ctx, long maxBytes) throws IOException {
        try {
            return ctx.bodyInputStream().readNBytes((int) maxBytes + 1);
        } catch (IOException e) {
            if (timedOut(e)) {
                throw new HttpResponseException(HttpStatus.REQUEST_TIMEOUT.getCode(),
                        "the request body stopped arriving before it was complete; send it without pausing", Map.of());
            }
            throw e;
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** {@code gzip}, or null for no encoding. */
    private static String coding(String header) {
        if (header == null || header.isBlank() || header.trim().equalsIgnoreCase("identity")) {
            return null;
        }
        String coding = header.trim().toLowerCase(Locale.ROOT);
        if (!coding.equals("gzip") && !coding.equals("x-gzip")) {
            throw new HttpResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                    "Content-Encoding '" + header + "' is not supported; send gzip or no encoding", Map.of());
        }
        return "gzip";
    }

    private static byte[] gunzip(byte[] raw, long maxBytes) {
        byte[] decoded;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            decoded = in.readNBytes((int) maxBytes + 1);
        } catch (IOException e) {
            throw new HttpResponseException(HttpStatus.BAD_REQUEST.getCode(), "the body is not valid gzip: " + e.getMessage(),
                    Map.of());
        }
        if (decoded.length > maxBytes) {
            throw tooLarge("the request body decompresses to more than " + maxBytes + " bytes; send fewer items per request");
        }
        return decoded;
    }

    private static HttpResponseException tooLarge(String message) {
        return new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE.getCode(), message, Map.of());
    }
}
