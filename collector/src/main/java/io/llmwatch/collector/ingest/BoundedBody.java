package io.llmwatch.collector.ingest;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.Map;

/** Reads a request body, refusing (413) one larger than the limit without reading all of it. */
public final class BoundedBody {

    private BoundedBody() {
    }

    public static byte[] read(Context ctx, long maxBytes) throws IOException {
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        // Chunked bodies have no declared length: read one byte past the limit to notice.
        byte[] body = ctx.bodyInputStream().readNBytes((int) maxBytes + 1);
        if (body.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return body;
    }

    private static HttpResponseException tooLarge(long maxBytes) {
        return new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE,
                "the request body is larger than " + maxBytes + " bytes; send fewer events per request", Map.of());
    }
}
