package io.llmwatch.collector.otlp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.llmwatch.validate.ValidationException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Splits an OTLP/protobuf {@code ExportTraceServiceRequest}, decoded by the official
 * {@code opentelemetry-proto} classes, into its spans, each re-encoded in the OTLP/JSON mapping.
 *
 * <p>Why re-encode rather than read the protobuf objects directly: then one decoder
 * ({@link OtlpSpan#from}) reads the fields of every span whatever its wire encoding, so both
 * encodings validate alike, and a rejected protobuf span is dead-lettered as OTLP/JSON that can be
 * posted to {@code /v1/traces} again. protobuf-java-util's {@code JsonFormat} cannot do this: it
 * writes the ids in base64 and enums by name, where OTLP/JSON wants hex ids and enum integers.
 * Only the fields llmwatch reads are carried over.
 */
final class ProtobufTraceReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    private ProtobufTraceReader() {
    }

    /**
     * The request, with its spans counted from the decoded message and converted only when asked for.
     *
     * @throws ValidationException on field {@code $} when the body is not an {@code ExportTraceServiceRequest} in protobuf
     */
    static DecodedExport read(byte[] body) {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new ValidationException("$", "is not a protobuf ExportTraceServiceRequest: " + e.getMessage());
        }
        return new DecodedExport() {
            @Override
            public int spanCount() {
                int count = 0;
                for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
                    for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                        count += scopeSpans.getSpansCount();
                    }
                }
                return count;
            }

            @Override
            public List<RawSpan> spans() {
                return ProtobufTraceReader.spans(request);
            }
        };
    }

    private static List<RawSpan> spans(ExportTraceServiceRequest request) {
        List<RawSpan> spans = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            ObjectNode resource = resourceSpans.hasResource() ? resource(resourceSpans.getResource()) : null;
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                ObjectNode scope = null;
                if (scopeSpans.hasScope()) {
                    scope = NODES.objectNode().put("name", scopeSpans.getScope().getName())
                            .put("version", scopeSpans.getScope().getVersion());
                }
                for (Span span : scopeSpans.getSpansList()) {
                    spans.add(new RawSpan(resource, scope, span(span)));
                }
            }
        }
        return spans;
    }

    private static ObjectNode resource(Resource resource) {
        ObjectNode node = NODES.objectNode();
        node.set("attributes", keyValues(resource.getAttributesList()));
        return node;
    }

    private static ObjectNode span(Span span) {
        ObjectNode node = NODES.objectNode()
                .put("traceId", hex(span.getTraceId()))
                .put("spanId", hex(span.getSpanId()))
                .put("name", span.getName())
                .put("kind", span.getKindValue())
                // fixed64 on the wire: unsigned, a decimal string in OTLP/JSON.
                .put("startTimeUnixNano", Long.toUnsignedString(span.getStartTimeUnixNano()))
                .put("endTimeUnixNano", Long.toUnsignedString(span.getEndTimeUnixNano()));
        if (!span.getParentSpanId().isEmpty()) {
            node.put("parentSpanId", hex(span.getParentSpanId()));
        }
        node.set("attributes", keyValues(span.getAttributesList()));
        ArrayNode events = node.putArray("events");
        for (Span.Event event : span.getEventsList()) {
            ObjectNode eventNode = events.addObject()
                    .put("timeUnixNano", Long.toUnsignedString(event.getTimeUnixNano()))
                    .put("name", event.getName());
            eventNode.set("attributes", keyValues(event.getAttributesList()));
        }
        if (span.hasStatus()) {
            ObjectNode status = node.putObject("status").put("code", span.getStatus().getCodeValue());
            if (!span.getStatus().getMessage().isEmpty()) {
                status.put("message", span.getStatus().getMessage());
            }
        }
        return node;
    }

    private static ArrayNode keyValues(List<KeyValue> keyValues) {
        ArrayNode list = NODES.arrayNode();
        for (KeyValue keyValue : keyValues) {
            ObjectNode entry = list.addObject().put("key", keyValue.getKey());
            entry.set("value", anyValue(keyValue.getValue()));
        }
        return list;
    }

    /** An {@code AnyValue} in its OTLP/JSON form, as {@link AnyValues} reads it; {@code {}} when empty. */
    private static ObjectNode anyValue(AnyValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value.getValueCase()) {
            case STRING_VALUE -> node.put("stringValue", value.getStringValue());
            case BOOL_VALUE -> node.put("boolValue", value.getBoolValue());
            case INT_VALUE -> node.put("intValue", Long.toString(value.getIntValue()));
            case DOUBLE_VALUE -> node.put("doubleValue", value.getDoubleValue());
            case BYTES_VALUE -> node.put("bytesValue", Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                ArrayNode values = node.putObject("arrayValue").putArray("values");
                value.getArrayValue().getValuesList().forEach(item -> values.add(anyValue(item)));
            }
            case KVLIST_VALUE -> node.putObject("kvlistValue").set("values", keyValues(value.getKvlistValue().getValuesList()));
            default -> {
                // VALUE_NOT_SET (and any value kind added after this proto version): an empty AnyValue.
            }
        }
        return node;
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }
}
