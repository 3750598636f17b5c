package io.llmwatch.scorer.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.JudgeKind;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.json.Json;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.JsonPath;
import io.llmwatch.validate.ValidationException;
import java.io.IOException;
import java.util.List;

/**
 * Reads a {@link ReplayRequest} record and checks that it can be replayed: every failure is a
 * {@link ValidationException} naming the field, so that the record goes to the dead-letter topic.
 */
final class ReplayRequestReader {

    private ReplayRequestReader() {
    }

    static ReplayRequest read(byte[] bytes) {
        if (bytes == null) {
            throw new ValidationException("$", "is empty (null value)");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new ValidationException("$", "is not valid JSON: " + firstLine(e));
        }
        if (node == null || !node.isObject()) {
            throw new ValidationException("$", "must be a JSON object");
        }
        JsonNode schema = node.get("schema");
        if (schema != null && !schema.isNull() && !ReplayRequest.SCHEMA.equals(schema.asText())) {
            throw new ValidationException("schema", "'" + schema.asText() + "' is not supported; this version of llmwatch reads "
                    + ReplayRequest.SCHEMA);
        }
        ReplayRequest request;
        try {
            request = Json.mapper().treeToValue(node, ReplayRequest.class);
        } catch (JsonMappingException e) {
            throw new ValidationException(JsonPath.of(e), "has the wrong type or format: " + firstLine(e));
        } catch (JsonProcessingException e) {
            throw new ValidationException("$", "cannot be read: " + firstLine(e));
        }
        List<FieldError> errors = validate(request);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return request;
    }

    private static List<FieldError> validate(ReplayRequest request) {
        Checks checks = new Checks()
                .required("call_id", request.callId())
                .maxLength("call_id", request.callId(), LlmCall.MAX_CALL_ID_LENGTH)
                .required("app", request.app())
                .required("task_type", request.taskType())
                .required("incumbent", request.incumbent())
                .required("request", request.request())
                .check(request.request() == null || request.request().isObject(), "request",
                        "must be a JSON object (the provider request body)")
                .check(!request.targets().isEmpty(), "targets", "must name at least one model")
                .check(request.targets().stream().allMatch(t -> t != null && !t.isBlank()), "targets",
                        "must not contain blank model names");
        if (request.judge() != null && !request.judge().isBlank()) {
            try {
                JudgeKind.parse(request.judge());
            } catch (IllegalArgumentException e) {
                checks.add(new FieldError("judge", e.getMessage()));
            }
        }
        return checks.errors();
    }

    private static String firstLine(IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int cut = message.indexOf('\n');
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
