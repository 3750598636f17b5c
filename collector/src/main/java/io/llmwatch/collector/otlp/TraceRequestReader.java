package io.llmwatch.collector.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import io.llmwatch.validate.ValidationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an OTLP/JSON {@code ExportTraceServiceRequest} ({@code resourceSpans[].scopeSpans[].spans[]})
 * into its spans. Only the structure is checked here; each span's own fields are read by
 * {@link OtlpSpan#from}, so that one bad span rejects that span only.
 */
final class TraceRequestReader {

    private TraceRequestReader() {
    }

    /**
     * @throws ValidationException on field {@code $} (or the offending path) when the body is not
     *                             an {@code ExportTraceServiceRequest} in JSON
     */
    static DecodedExport read(byte[] body) {
        List<RawSpan> spans = spans(body);
        return new DecodedExport() {
            @Override
            public int spanCount() {
                return spans.size();
            }

            @Override
            public List<RawSpan> spans() {
                return spans;
            }
        };
    }

    /** Listing a JSON request's spans costs no conversion: each is a node of the tree already read. */
    private static List<RawSpan> spans(byte[] body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new ValidationException("$", "is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ValidationException("$", "cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ValidationException("$", "must be an ExportTraceServiceRequest JSON object: {\"resourceSpans\": [...]}");
        }
        List<RawSpan> spans = new ArrayList<>();
        JsonNode resourceSpans = array(root, "resourceSpans", "$");
        for (int r = 0; r < resourceSpans.size(); r++) {
            JsonNode resourceSpan = resourceSpans.get(r);
            String resourcePath = "resourceSpans[" + r + "]";
            JsonNode scopeSpans = array(resourceSpan, "scopeSpans", resourcePath);
            for (int s = 0; s < scopeSpans.size(); s++) {
                JsonNode scopeSpan = scopeSpans.get(s);
                for (JsonNode span : array(scopeSpan, "spans", resourcePath + ".scopeSpans[" + s + "]")) {
                    spans.add(new RawSpan(resourceSpan.get("resource"), scopeSpan.get("scope"), span));
                }
            }
        }
        return spans;
    }

    /** The array under {@code name}; empty when absent (an empty request is valid OTLP). */
    private static JsonNode array(JsonNode parent, String name, String parentPath) {
        if (!parent.isObject()) {
            throw new ValidationException(parentPath, "must be a JSON object");
        }
        JsonNode value = parent.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return Json.mapper().createArrayNode();
        }
        if (!value.isArray()) {
            throw new ValidationException("$".equals(parentPath) ? name : parentPath + "." + name, "must be an array");
        }
        return value;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int cut = message.indexOf('\n');
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
