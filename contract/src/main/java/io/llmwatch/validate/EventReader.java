package io.llmwatch.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Reads one record that came from outside llmwatch: binds it with Jackson, checks its
 * {@code schema}, then lets it {@link Validated#validate() validate} its fields. Every failure is a
 * {@link ValidationException} whose errors name the field, never a bare Jackson message.
 *
 * <p>A record without {@code schema} is read as the current version (clients of the HTTP ingest
 * endpoint should not have to write it); one naming another version is rejected.
 *
 * <p>A {@link #timed timed} reader also knows each record's event time and refuses one outside its
 * {@link EventTimeWindow} around the reader's "now" (the collector's clock, or the stream task's
 * wall clock in a topology).
 */
public final class EventReader<T extends Validated> {

    private final Class<T> type;
    private final String schema;
    private final String timeField;
    private final Function<T, Instant> eventTime;
    private final EventTimeWindow window;

    public EventReader(Class<T> type, String schema) {
        this(type, schema, null, null, null);
    }

    private EventReader(Class<T> type, String schema, String timeField, Function<T, Instant> eventTime,
                        EventTimeWindow window) {
        this.type = type;
        this.schema = schema;
        this.timeField = timeField;
        this.eventTime = eventTime;
        this.window = window;
    }

    /**
     * This reader, also refusing records whose event time lies outside {@code window}.
     *
     * @param field     the event time's JSON field, named in the error
     * @param eventTime the record's event time (null only when the record is invalid anyway)
     */
    public EventReader<T> timed(String field, Function<T, Instant> eventTime, EventTimeWindow window) {
        return new EventReader<>(type, schema, field, eventTime, window);
    }

    public String schema() {
        return schema;
    }

    /** The event time of a record this reader accepted; only for a {@link #timed} reader. */
    public Instant eventTime(T value) {
        if (eventTime == null) {
            throw new IllegalStateException("the reader of " + schema + " is not timed");
        }
        return eventTime.apply(value);
    }

    /** Parses and validates UTF-8 JSON bytes, checking the event time against the system clock. */
    public T read(byte[] json) {
        return read(json, Instant.now());
    }

    /** Parses and validates UTF-8 JSON bytes; a timed reader checks the event time against {@code now}. */
    public T read(byte[] json, Instant now) {
        if (json == null) {
            throw new ValidationException("$", "is empty (null value)");
        }
        T bound = bindDirectly(json);
        if (bound != null) {
            checkSchema(bound.schema());
            List<FieldError> errors = errors(bound, now);
            if (!errors.isEmpty()) {
                throw new ValidationException(errors);
            }
            return bound;
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new ValidationException("$", "is not valid JSON: " + originalMessage(e));
        }
        return read(node, now);
    }

    /** Validates an already parsed JSON value against the system clock. */
    public T read(JsonNode node) {
        return read(node, Instant.now());
    }

    /** Validates an already parsed JSON value, e.g. one item of an ingest batch. */
    public T read(JsonNode node, Instant now) {
        if (node == null || !node.isObject()) {
            throw new ValidationException("$", "must be a JSON object");
        }
        JsonNode declared = node.get("schema");
        checkSchema(declared == null || declared.isNull() ? null : declared.asText());
        T value;
        try {
            value = Json.mapper().treeToValue(node, type);
        } catch (JsonMappingException e) {
            throw new ValidationException(JsonPath.of(e), "has the wrong type or format: " + originalMessage(e));
        } catch (JsonProcessingException e) {
            throw new ValidationException("$", "cannot be read: " + originalMessage(e));
        }
        List<FieldError> errors = errors(value, now);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return value;
    }

    /**
     * The record bound straight from the bytes, or null when that fails in any way. Nearly every
     * record is well-formed, and binding it without the intermediate tree halves the parse (the tree
     * costs a map entry and a string per field; see docs/throughput.md). Whatever fails here is read
     * again through the tree, whose errors name the field, so a bad record is reported exactly as before.
     */
    private T bindDirectly(byte[] json) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void checkSchema(String declared) {
        if (declared != null && !schema.equals(declared)) {
            throw new ValidationException("schema",
                    "'" + declared + "' is not supported; this version of llmwatch reads " + schema);
        }
    }

    /** Every problem with a bound record: its own field checks, then (when timed) its event time. */
    public List<FieldError> errors(T value, Instant now) {
        List<FieldError> errors = value.validate();
        if (window == null || !errors.isEmpty()) {
            return errors;
        }
        return window.check(new Checks(), timeField, eventTime.apply(value), now).errors();
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
