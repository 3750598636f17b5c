package io.llmwatch.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Incoming records are rejected with errors that name the field, never with a bare Jackson message. */
class EventReaderTest {

    private static final EventReader<LlmCall> CALLS = new EventReader<>(LlmCall.class, LlmCall.SCHEMA);
    private static final EventReader<Evaluation> EVALUATIONS = new EventReader<>(Evaluation.class, Evaluation.SCHEMA);

    private static final String VALID = """
            {"schema": "llmwatch.call.v1", "call_id": "c-1", "timestamp": "2026-11-01T09:30:00Z",
             "app": "support", "task_type": "summarize-ticket", "request_model": "gpt-4.1",
             "usage": {"input_tokens": 100, "output_tokens": 20}, "latency_ms": 300}""";

    @Test
    void aValidCallIsRead() {
        LlmCall call = CALLS.read(bytes(VALID));

        assertThat(call.callId()).isEqualTo("c-1");
        assertThat(call.usage().inputTokens()).isEqualTo(100);
        assertThat(CALLS.schema()).isEqualTo("llmwatch.call.v1");
    }

    @Test
    void aCallWithoutSchemaIsReadAsTheCurrentVersion() {
        LlmCall call = CALLS.read(bytes(VALID.replace("\"schema\": \"llmwatch.call.v1\",", "")));

        assertThat(call.schema()).isEqualTo(LlmCall.SCHEMA);
    }

    @Test
    void missingCallIdIsNamed() {
        List<FieldError> errors = errorsOf(CALLS, VALID.replace("\"call_id\": \"c-1\",", ""));

        assertThat(errors).containsExactly(new FieldError("call_id", "is required"));
    }

    @Test
    void negativeTokenCountIsNamedWithItsPath() {
        List<FieldError> errors = errorsOf(CALLS, VALID.replace("\"input_tokens\": 100", "\"input_tokens\": -1"));

        assertThat(errors).extracting(FieldError::toString).containsExactly("usage.input_tokens must be >= 0");
    }

    @Test
    void aStringWhereANumberBelongsIsNamed() {
        assertThat(errorsOf(CALLS, VALID.replace("\"output_tokens\": 20", "\"output_tokens\": \"twenty\"")))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("usage.output_tokens");
                    assertThat(error.message()).contains("wrong type");
                });
        assertThat(errorsOf(CALLS, VALID.replace("\"latency_ms\": 300", "\"latency_ms\": \"slow\"")))
                .extracting(FieldError::field).containsExactly("latency_ms");
        assertThat(errorsOf(CALLS, VALID.replace("\"2026-11-01T09:30:00Z\"", "\"last tuesday\"")))
                .extracting(FieldError::field).containsExactly("timestamp");
    }

    @Test
    void invalidJsonIsAnErrorOfTheWholeRecord() {
        assertThat(errorsOf(CALLS, "{\"call_id\": ")).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("$");
            assertThat(error.message()).contains("not valid JSON");
        });
        assertThat(errorsOf(CALLS, "[1, 2]")).extracting(FieldError::field).containsExactly("$");
        assertThat(catchThrowableOfType(ValidationException.class, () -> CALLS.read((byte[]) null)).errors())
                .extracting(FieldError::field).containsExactly("$");
    }

    @Test
    void anUnknownSchemaVersionIsRejectedByName() {
        List<FieldError> errors = errorsOf(CALLS, VALID.replace("llmwatch.call.v1", "llmwatch.call.v2"));

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("schema");
            assertThat(error.message()).contains("llmwatch.call.v2").contains("llmwatch.call.v1");
        });
    }

    @Test
    void severalErrorsAreReportedTogether() {
        String json = """
                {"timestamp": "2026-11-01T09:30:00Z", "app": "sup/port", "request_model": "gpt-4.1",
                 "usage": {"input_tokens": 100, "output_tokens": 20, "cache_read_input_tokens": 150,
                           "reasoning_output_tokens": 30},
                 "latency_ms": -5, "request": "not an object"}""";

        ValidationException e = catchThrowableOfType(ValidationException.class, () -> CALLS.read(bytes(json)));

        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "call_id", "app", "task_type", "latency_ms", "usage.cache_read_input_tokens",
                "usage.reasoning_output_tokens", "request");
        assertThat(e.getMessage()).contains("call_id is required").contains("; ").contains("latency_ms must be >= 0");
    }

    @Test
    void anOverlongCallIdIsRejected() {
        String id = "x".repeat(LlmCall.MAX_CALL_ID_LENGTH + 1);

        assertThat(errorsOf(CALLS, VALID.replace("\"c-1\"", "\"" + id + "\"")))
                .extracting(FieldError::toString).containsExactly("call_id must be at most 128 characters");
    }

    @Test
    void evaluationScoreMustBeWithinZeroAndOne() {
        String evaluation = """
                {"call_id": "c-1", "timestamp": "2026-11-01T09:30:00Z", "name": "user_feedback", "score": %s}""";

        assertThat(EVALUATIONS.read(bytes(evaluation.formatted("1.0"))).score()).isEqualTo(1.0);
        assertThat(EVALUATIONS.read(bytes(evaluation.formatted("0"))).score()).isZero();
        assertThat(errorsOf(EVALUATIONS, evaluation.formatted("1.5")))
                .extracting(FieldError::toString).containsExactly("score must be between 0.0 and 1.0");
        assertThat(errorsOf(EVALUATIONS, evaluation.formatted("-0.1"))).extracting(FieldError::field).containsExactly("score");
        assertThat(errorsOf(EVALUATIONS, evaluation.formatted("null"))).extracting(FieldError::toString)
                .containsExactly("score is required");
    }

    @Test
    void anAlreadyParsedNodeIsValidatedToo() throws Exception {
        JsonNode node = Json.mapper().readTree(VALID.replace("\"app\": \"support\",", ""));

        ValidationException e = catchThrowableOfType(ValidationException.class, () -> CALLS.read(node));

        assertThat(e.errors()).extracting(FieldError::field).containsExactly("app");
    }

    private static <T extends Validated> List<FieldError> errorsOf(EventReader<T> reader, String json) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> reader.read(bytes(json)));
        assertThat(e).as("expected %s to be rejected", json).isNotNull();
        return e.errors();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
