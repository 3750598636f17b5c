package io.llmwatch.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.util.List;

/**
 * Reads one record that came from outside llmwatch: binds it with Jackson, checks its
 * {@code schema}, then lets it {@link Validated#validate() validate} its fields. Every failure is a
 * {@link ValidationException} whose errors name the field, never a bare Jackson message.
 *
 * <p>A record without {@code schema} is read as the current version (clients of the HTTP ingest
 * endpoint should not have to write it); one naming another version is rejected.
 */
public final class EventReader<T extends Validated> {

    private final Class<T> type;
    private final String schema;

    public EventReader(Class<T> type, String schema) {
        this.type = type;
        this.schema = schema;
    }

    public String schema() {
        return schema;
    }

    /** Parses and validates UTF-8 JSON bytes. */
    public T read(byte[] json) {
        if (json == null) {
            throw new ValidationException("$", "is empty (null value)");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new ValidationException("$", "is not valid JSON: " + originalMessage(e));
        }
        return read(node);
    }

    /** Validates an already parsed JSON value, e.g. one item of an ingest batch. */
    public T read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ValidationException("$", "must be a JSON object");
        }
        JsonNode declared = node.get("schema");
        if (declared != null && !declared.isNull() && !schema.equals(declared.asText())) {
            throw new ValidationException("schema",
                    "'" + declared.asText() + "' is not supported; this version of llmwatch reads " + schema);
        }
        T value;
        try {
            value = Json.mapper().treeToValue(node, type);
        } catch (JsonMappingException e) {
            throw new ValidationException(JsonPath.of(e), "has the wrong type or format: " + originalMessage(e));
        } catch (JsonProcessingException e) {
            throw new ValidationException("$", "cannot be read: " + originalMessage(e));
        }
        List<FieldError> errors = value.validate();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return value;
    }

    private static String originalMessage(IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int cut = message.indexOf('\n');
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
