package io.llmwatch.collector.otlp;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.llmwatch.collector.ingest.BoundedBody;
import io.llmwatch.collector.ingest.CollectorOptions;
import io.llmwatch.collector.ingest.JsonContentType;
import io.llmwatch.collector.ingest.RequestLimits;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.validate.EventTimeWindow;

/**
 * {@code POST /v1/traces}: OTLP/HTTP trace export in JSON ({@code Content-Type: application/json}) or
 * protobuf ({@code application/x-protobuf}) encoding, optionally {@code Content-Encoding: gzip}; both
 * are read into the same spans ({@link OtlpEncoding}) and answered in the encoding they came in. What
 * the spans become ({@link LlmCall}s, {@link Evaluation}s, dead letters) is {@link TraceExports}'s,
 * shared with OTLP/gRPC.
 *
 * <p>Answers as OTLP/HTTP prescribes, once Kafka acknowledged every record: 200 with {@code {}}; 200
 * with a {@code partialSuccess} naming each rejected span (also dead-lettered, as a one-span
 * export request) or evaluation; 400 with a {@code Status} when the body is not an export request
 * (dead-lettered whole); 415 for a missing or another content type (OTLP/HTTP requires the header,
 * and guessing would read protobuf as broken JSON) or an unknown content encoding;
 * 413 for a body over the collector's one limit (after gzip decoding too, see {@link BoundedBody})
 * or more spans than {@link RequestLimits#maxItems()}; 408 and 503 as on the other ingest endpoints.
 * Answers are in the encoding of the request (JSON or protobuf; JSON when the type was refused).
 * Spans and evaluations outside the event time window ({@link EventTimeWindow}) are rejected.
 */
public final class OtlpEndpoint implements Handler {

    public static final String PATH = "/v1/traces";

    private static final String SOURCE = "http:POST " + PATH;

    private final TraceExports exports;
    private final long maxBodyBytes;

    /** @param exports what the spans become, shared with the gRPC service */
    public OtlpEndpoint(TraceExports exports, CollectorOptions options) {
        this.exports = exports;
        this.maxBodyBytes = options.maxBodyBytes();
    }

    @Override
    public void handle(Context ctx) throws Exception {
        String contentType = JsonContentType.mediaType(ctx.contentType());
        OtlpEncoding wire = contentType == null ? null : OtlpEncoding.of(contentType);
        if (wire == null) {
            status(ctx, OtlpEncoding.JSON, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "llmwatch accepts OTLP/HTTP in JSON ("
                    + OtlpEncoding.JSON.mediaType + ") or protobuf (" + OtlpEncoding.PROTOBUF.mediaType + ") named in"
                    + " the Content-Type header, " + (contentType == null ? "and the request has none"
                    : "not '" + contentType + "'"));
            return;
        }
        // The one body limit of the collector, after gzip decoding too.
        byte[] body = BoundedBody.read(ctx, maxBodyBytes);
        TraceExports.Outcome outcome = exports.export(wire, body, new RequestDefaults(ctx.header(RequestDefaults.APP_HEADER),
                ctx.header(RequestDefaults.TASK_HEADER)), SOURCE);
        if (outcome instanceof TraceExports.Exported exported) {
            wire.answer(ctx, HttpStatus.OK, exported.response());
            return;
        }
        TraceExports.Refused refused = (TraceExports.Refused) outcome;
        status(ctx, wire, switch (refused.reason()) {
            case NOT_AN_EXPORT -> HttpStatus.BAD_REQUEST;
            case TOO_MANY_SPANS -> HttpStatus.CONTENT_TOO_LARGE;
        }, refused.message());
    }

    private static void status(Context ctx, OtlpEncoding wire, HttpStatus status, String message) {
        wire.answer(ctx, status, new ExportResponses.Status(ExportResponses.INVALID_ARGUMENT, message));
    }
}
