package io.llmwatch.collector.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.validate.ValidationException;

/**
 * Turns an OTLP/JSON {@code AnyValue} ({@code {"stringValue": "a"}}, {@code {"intValue": "3"}},
 * {@code {"arrayValue": {"values": [...]}}}, {@code {"kvlistValue": {"values": [{"key": .., "value": ..}]}}} …)
 * into the plain JSON value it stands for. 64-bit integers arrive as JSON strings in the
 * protobuf-JSON mapping; both strings and numbers are read.
 */
final class AnyValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnyValues() {
    }

    /**
     * The plain value; {@code null} for an empty {@code AnyValue}.
     *
     * @param field where the value sits, for error messages
     * @throws ValidationException when the value is not a well-formed {@code AnyValue}
     */
    static JsonNode plain(JsonNode anyValue, String field) {
        if (anyValue == null || anyValue.isNull() || anyValue.isEmpty()) {
            return null;
        }
        if (!anyValue.isObject()) {
            throw new ValidationException(field, "must be an AnyValue object such as {\"stringValue\": \"...\"}");
        }
        if (anyValue.has("stringValue")) {
            return NODES.textNode(anyValue.get("stringValue").asText());
        }
        if (anyValue.has("boolValue")) {
            return NODES.booleanNode(anyValue.get("boolValue").asBoolean());
        }
        if (anyValue.has("intValue")) {
            return NODES.numberNode(integer(anyValue.get("intValue"), field + ".intValue"));
        }
        if (anyValue.has("doubleValue")) {
            return NODES.numberNode(decimal(anyValue.get("doubleValue"), field + ".doubleValue"));
        }
        if (anyValue.has("bytesValue")) {
            return NODES.textNode(anyValue.get("bytesValue").asText());
        }
        if (anyValue.has("arrayValue")) {
            ArrayNode array = NODES.arrayNode();
            JsonNode values = anyValue.get("arrayValue").path("values");
            for (int i = 0; i < values.size(); i++) {
                JsonNode item = plain(values.get(i), field + "[" + i + "]");
                array.add(item == null ? NODES.nullNode() : item);
            }
            return array;
        }
        if (anyValue.has("kvlistValue")) {
            return keyValues(anyValue.get("kvlistValue").path("values"), field);
        }
        throw new ValidationException(field, "has no known value field (stringValue, intValue, doubleValue, boolValue,"
                + " arrayValue, kvlistValue, bytesValue)");
    }

    /** A {@code KeyValue} list as one JSON object; an empty value is left out. */
    static ObjectNode keyValues(JsonNode list, String field) {
        ObjectNode object = NODES.objectNode();
        if (list == null || list.isMissingNode() || list.isNull()) {
            return object;
        }
        if (!list.isArray()) {
            throw new ValidationException(field, "must be an array of {\"key\": ..., \"value\": ...}");
        }
        for (JsonNode entry : list) {
            String key = entry.path("key").asText(null);
            if (key == null) {
                throw new ValidationException(field, "has an entry without a key");
            }
            JsonNode value = plain(entry.get("value"), field + "." + key);
            if (value != null) {
                object.set(key, value);
            }
        }
        return object;
    }

    /** A protobuf-JSON 64-bit integer: a JSON number or a decimal string. */
    static long integer(JsonNode node, String field) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ValidationException(field, "must be an integer, not " + node);
    }

    /** A protobuf-JSON double: a JSON number or a numeric string ({@code "NaN"} and {@code "Infinity"} included). */
    static double decimal(JsonNode node, String field) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            try {
                return Double.parseDouble(node.asText().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ValidationException(field, "must be a number, not " + node);
    }
}
