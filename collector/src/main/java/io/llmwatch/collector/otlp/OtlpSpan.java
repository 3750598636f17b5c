package io.llmwatch.collector.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.validate.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The fields of one OTLP span that llmwatch reads, decoded from OTLP/JSON: hex ids, nanosecond
 * times (64-bit integers, sent as strings), attributes, events and status.
 *
 * @param traceId       32 lowercase hex digits
 * @param spanId        16 lowercase hex digits
 * @param startNanos    start, in nanoseconds since the epoch
 * @param endNanos      end, in nanoseconds since the epoch; 0 when not sent
 * @param resource      the attributes of the resource that sent the span ({@code service.name} …)
 * @param scopeName     the instrumentation scope's name, or null
 * @param failed        the span status is {@code ERROR}
 * @param statusMessage the status description, or null
 */
record OtlpSpan(
        String traceId,
        String spanId,
        String name,
        long startNanos,
        long endNanos,
        Attributes attributes,
        Attributes resource,
        String scopeName,
        List<Event> events,
        boolean failed,
        String statusMessage) {

    /** A span event: a name, a time and attributes. */
    record Event(String name, long timeNanos, Attributes attributes) {
    }

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-fA-F]{16}");
    /** {@code STATUS_CODE_ERROR}: enums are integers in OTLP/JSON; the name is accepted too. */
    private static final int STATUS_ERROR = 2;

    /**
     * Decodes a span.
     *
     * @throws ValidationException naming the OTLP field at fault
     */
    static OtlpSpan from(RawSpan raw) {
        JsonNode span = raw.span();
        if (!span.isObject()) {
            throw new ValidationException("span", "must be a JSON object");
        }
        String traceId = id(span, "traceId", TRACE_ID, 32);
        String spanId = id(span, "spanId", SPAN_ID, 16);
        long start = time(span.get("startTimeUnixNano"), "startTimeUnixNano");
        if (start <= 0) {
            throw new ValidationException("startTimeUnixNano", "is required (the call's start, in ns since the epoch)");
        }
        long end = time(span.get("endTimeUnixNano"), "endTimeUnixNano");
        JsonNode resource = raw.resource() == null ? null : raw.resource().get("attributes");
        List<Event> events = new ArrayList<>();
        JsonNode eventList = span.path("events");
        for (int i = 0; i < eventList.size(); i++) {
            JsonNode event = eventList.get(i);
            String path = "events[" + i + "]";
            events.add(new Event(event.path("name").asText(""), time(event.get("timeUnixNano"), path + ".timeUnixNano"),
                    Attributes.of(event.get("attributes"), path + ".attributes")));
        }
        JsonNode status = span.path("status");
        String message = status.path("message").asText(null);
        return new OtlpSpan(traceId, spanId, span.path("name").asText(""), start, end,
                Attributes.of(span.get("attributes"), "attributes"),
                Attributes.of(resource, "resource.attributes"),
                raw.scope() == null ? null : raw.scope().path("name").asText(null),
                List.copyOf(events), isError(status.path("code")), message == null || message.isBlank() ? null : message);
    }

    Instant start() {
        return instant(startNanos);
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    private static String id(JsonNode span, String field, Pattern pattern, int digits) {
        String id = span.path(field).asText("");
        if (!pattern.matcher(id).matches()) {
            throw new ValidationException(field, "must be " + digits + " hex digits (OTLP/JSON encodes ids as hex, not base64)");
        }
        return id.toLowerCase(Locale.ROOT);
    }

    private static long time(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return 0;
        }
        long nanos = AnyValues.integer(value, field);
        if (nanos < 0) {
            throw new ValidationException(field, "must not be negative");
        }
        return nanos;
    }

    private static boolean isError(JsonNode code) {
        String text = code.asText();
        return Integer.toString(STATUS_ERROR).equals(text) || "STATUS_CODE_ERROR".equals(text);
    }
}
