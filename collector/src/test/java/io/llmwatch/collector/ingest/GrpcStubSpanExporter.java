package io.llmwatch.collector.ingest;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Exports spans over OTLP/gRPC as an OpenTelemetry SDK would: the SDK's own OTLP marshaller
 * encodes them, grpc-java's generated {@code TraceService} stub sends them gzip-compressed, with the
 * headers as metadata. (The SDK's {@code OtlpGrpcSpanExporter} needs an OkHttp or grpc-managed-channel
 * sender; OkHttp is excluded here for its Kotlin, and the other is not among the project's
 * dependencies.) Fails the export on any status but OK or on a partial success.
 */
final class GrpcStubSpanExporter implements SpanExporter {

    private final TraceServiceGrpc.TraceServiceBlockingStub stub;

    GrpcStubSpanExporter(ManagedChannel channel, Map<String, String> headers) {
        Metadata metadata = new Metadata();
        headers.forEach((name, value) -> metadata.put(
                Metadata.Key.of(name.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER), value));
        this.stub = TraceServiceGrpc.newBlockingStub(channel).withCompression("gzip")
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            TraceRequestMarshaler.create(spans).writeBinaryTo(bytes);
            ExportTraceServiceResponse answer = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .export(ExportTraceServiceRequest.parseFrom(bytes.toByteArray()));
            return answer.hasPartialSuccess()
                    ? CompletableResultCode.ofExceptionalFailure(new IllegalStateException(answer.getPartialSuccess().toString()))
                    : CompletableResultCode.ofSuccess();
        } catch (IOException | RuntimeException e) {
            return CompletableResultCode.ofExceptionalFailure(e);
        }
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
