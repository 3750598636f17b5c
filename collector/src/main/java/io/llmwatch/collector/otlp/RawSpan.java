package io.llmwatch.collector.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import java.io.UncheckedIOException;

/**
 * One span of an export request as received, with the resource and instrumentation scope it was
 * sent under.
 */
record RawSpan(JsonNode resource, JsonNode scope, JsonNode span) {

    /**
     * This span alone as an {@code ExportTraceServiceRequest}: what a rejected span is dead-lettered
     * as, so that once fixed it can be posted to {@code /v1/traces} again.
     */
    byte[] asRequestJson() {
        ObjectNode request = Json.mapper().createObjectNode();
        ObjectNode resourceSpans = request.putArray("resourceSpans").addObject();
        if (resource != null) {
            resourceSpans.set("resource", resource);
        }
        ObjectNode scopeSpans = resourceSpans.putArray("scopeSpans").addObject();
        if (scope != null) {
            scopeSpans.set("scope", scope);
        }
        scopeSpans.putArray("spans").add(span);
        try {
            return Json.mapper().writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code traceId:spanId} as sent, for messages. */
    String label() {
        return span.path("traceId").asText("?") + ":" + span.path("spanId").asText("?");
    }
}
