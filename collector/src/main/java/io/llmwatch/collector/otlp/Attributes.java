package io.llmwatch.collector.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import io.llmwatch.validate.ValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The attributes of a resource, span or span event, as plain JSON values by key. A typed getter
 * returns null for an absent key and throws a {@link ValidationException} naming the key when the
 * value has the wrong type, so that a bad attribute rejects its span with a reason.
 */
record Attributes(ObjectNode values) {

    static Attributes of(JsonNode keyValueList, String field) {
        return new Attributes(AnyValues.keyValues(keyValueList, field));
    }

    boolean has(String key) {
        return values.has(key);
    }

    boolean anyKeyStartsWith(String prefix) {
        Iterator<String> keys = values.fieldNames();
        while (keys.hasNext()) {
            if (keys.next().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The value as it was sent, or null. */
    JsonNode raw(String key) {
        return values.get(key);
    }

    /** A string value; numbers and booleans are given as text, blank strings count as absent. */
    String string(String key) {
        JsonNode value = values.get(key);
        if (value == null || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    Long integer(String key) {
        JsonNode value = values.get(key);
        if (value == null) {
            return null;
        }
        if (value.isFloatingPointNumber() && value.asDouble() == Math.rint(value.asDouble())) {
            return value.asLong();
        }
        return AnyValues.integer(value, key);
    }

    Double decimal(String key) {
        JsonNode value = values.get(key);
        return value == null ? null : AnyValues.decimal(value, key);
    }

    /** A string array; a single string counts as an array of one. */
    List<String> strings(String key) {
        JsonNode value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            return value.isContainerNode() ? List.of() : List.of(value.asText());
        }
        List<String> strings = new ArrayList<>();
        value.forEach(item -> strings.add(item.asText()));
        return strings;
    }

    /**
     * A structured value: recorded on spans either in structured form (an array or kvlist value) or
     * as a JSON string, both of which the GenAI conventions allow.
     */
    JsonNode json(String key) {
        JsonNode value = values.get(key);
        if (value == null || value.isContainerNode()) {
            return value;
        }
        if (!value.isTextual()) {
            throw new ValidationException(key, "must be JSON (a string or a structured value), not " + value);
        }
        try {
            return Json.mapper().readTree(value.asText());
        } catch (JsonProcessingException e) {
            String message = String.valueOf(e.getOriginalMessage());
            int cut = message.indexOf('\n');
            throw new ValidationException(key, "is not valid JSON: "
                    + (cut > 0 ? message.substring(0, cut) : message).replaceAll("\\s*\\(start marker at .*$", ""));
        }
    }
}
