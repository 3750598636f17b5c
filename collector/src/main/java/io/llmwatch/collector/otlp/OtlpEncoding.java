package io.llmwatch.collector.otlp;

import com.google.protobuf.CodedOutputStream;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.llmwatch.validate.ValidationException;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The two OTLP/HTTP encodings of {@code /v1/traces}, chosen by the request's {@code Content-Type}:
 * how a request is split into spans and how the answer is written, since OTLP/HTTP answers in the
 * encoding it was sent.
 */
enum OtlpEncoding {

    JSON("JSON", "application/json", StandardCharsets.UTF_8) {
        @Override
        DecodedExport read(byte[] body) {
            return TraceRequestReader.read(body);
        }

        @Override
        void answer(Context ctx, HttpStatus status, Object body) {
            ctx.status(status).json(body);
        }
    },

    PROTOBUF("protobuf", "application/x-protobuf", StandardCharsets.ISO_8859_1) {
        @Override
        DecodedExport read(byte[] body) {
            return ProtobufTraceReader.read(body);
        }

        @Override
        void answer(Context ctx, HttpStatus status, Object body) {
            byte[] bytes;
            if (body instanceof ExportResponses.TraceResponse response) {
                bytes = traceResponse(response).toByteArray();
            } else if (body instanceof ExportResponses.Status rpcStatus) {
                bytes = rpcStatus(rpcStatus);
            } else {
                throw new IllegalArgumentException("not an OTLP answer: " + body.getClass());
            }
            ctx.status(status).contentType(mediaType).result(bytes);
        }
    };

    /** The name for messages. */
    final String label;
    /** The {@code Content-Type} of requests and answers in this encoding. */
    final String mediaType;
    /**
     * How a whole body that cannot be read is turned into text for masking before it is
     * dead-lettered: ISO-8859-1 maps every byte to one character and back, so binary protobuf
     * survives the round trip unchanged while the secrets in its strings are still found.
     */
    final Charset deadLetterCharset;

    OtlpEncoding(String label, String mediaType, Charset deadLetterCharset) {
        this.label = label;
        this.mediaType = mediaType;
        this.deadLetterCharset = deadLetterCharset;
    }

    /** The encoding of a media type (lowercase, without parameters); null when neither. */
    static OtlpEncoding of(String mediaType) {
        for (OtlpEncoding encoding : values()) {
            if (encoding.mediaType.equals(mediaType)) {
                return encoding;
            }
        }
        return null;
    }

    /** @throws ValidationException when the body is not an {@code ExportTraceServiceRequest} in this encoding */
    abstract DecodedExport read(byte[] body);

    /** Writes an {@link ExportResponses.TraceResponse} or {@link ExportResponses.Status} in this encoding. */
    abstract void answer(Context ctx, HttpStatus status, Object body);

    static ExportTraceServiceResponse traceResponse(ExportResponses.TraceResponse response) {
        ExportTraceServiceResponse.Builder builder = ExportTraceServiceResponse.newBuilder();
        if (response.partialSuccess() != null) {
            builder.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(Long.parseLong(response.partialSuccess().rejectedSpans()))
                    .setErrorMessage(response.partialSuccess().errorMessage()));
        }
        return builder.build();
    }

    /**
     * {@code google.rpc.Status} (field 1 {@code int32 code}, field 2 {@code string message}):
     * written by hand because its generated class lives in another artifact, for two fields.
     */
    private static byte[] rpcStatus(ExportResponses.Status status) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, status.code());
            out.writeString(2, status.message());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
