package io.llmwatch.collector.ingest;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.internal.HttpExporter;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.internal.StandardComponentId;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Map;

/**
 * The OpenTelemetry Java SDK's own OTLP/HTTP span exporter in JSON encoding, gzip-compressed.
 *
 * <p>The SDK's public {@code OtlpHttpSpanExporter} speaks only {@code http/protobuf}; the same
 * exporter with JSON encoding ({@code OTLP_HTTP_JSON_SPAN_EXPORTER}) is built from its internal
 * builder, which is why this test pins the SDK version. The bytes on the wire are the SDK's OTLP/JSON
 * marshalling of real {@link SpanData}, sent by its real HTTP sender.
 */
final class SdkJsonSpanExporter implements SpanExporter {

    private final HttpExporter exporter;

    SdkJsonSpanExporter(String endpoint, Map<String, String> headers) {
        HttpExporterBuilder builder = new HttpExporterBuilder(StandardComponentId.ExporterType.OTLP_HTTP_JSON_SPAN_EXPORTER, endpoint)
                .exportAsJson()
                .setCompression("gzip");
        headers.forEach(builder::addConstantHeaders);
        this.exporter = builder.build();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return exporter.export(TraceRequestMarshaler.create(spans), spans.size());
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }
}
