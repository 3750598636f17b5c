package io.llmwatch.event;

import io.llmwatch.validate.FieldError;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * A record llmwatch could not accept, on {@code llmwatch.dlq} under its original key (schema
 * {@value #SCHEMA}). The original bytes are kept (base64) so the record can be fixed and replayed.
 *
 * @param reason      one line naming the fields at fault
 * @param errors      each field error
 * @param sourceTopic where it was read from, or the HTTP endpoint that received it
 * @param partition   source partition, or null when it came over HTTP
 * @param offset      source offset, or null when it came over HTTP
 * @param component   which llmwatch component rejected it
 */
public record DeadLetter(
        String schema,
        String key,
        String valueBase64,
        String reason,
        List<FieldError> errors,
        String sourceTopic,
        Integer partition,
        Long offset,
        String component,
        Instant rejectedAt) {

    public static final String SCHEMA = "llmwatch.dlq.v1";

    public DeadLetter {
        if (schema == null) {
            schema = SCHEMA;
        }
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static DeadLetter of(String key, byte[] value, List<FieldError> errors, String sourceTopic,
                                Integer partition, Long offset, String component, Instant rejectedAt) {
        String reason = String.join("; ", errors.stream().map(FieldError::toString).toList());
        return new DeadLetter(SCHEMA, key, value == null ? null : Base64.getEncoder().encodeToString(value), reason,
                errors, sourceTopic, partition, offset, component, rejectedAt);
    }
}
