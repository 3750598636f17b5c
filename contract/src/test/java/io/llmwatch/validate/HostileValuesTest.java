package io.llmwatch.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The values a black-box review sent to llmwatch and that got through: timestamps outside any
 * sensible window, and numbers that are not finite or absurdly large. Each is refused by the one
 * reader the collector, the SDK and the topologies share, naming the field.
 */
class HostileValuesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final EventReader<LlmCall> CALLS = LlmCall.reader(EventTimeWindow.DEFAULT);
    private static final EventReader<Evaluation> EVALUATIONS = Evaluation.reader(EventTimeWindow.DEFAULT);

    private static final String CALL = """
            {"call_id": "c-1", "timestamp": %s, "app": "support", "task_type": "summarize-ticket",
             "request_model": "gpt-4.1", "usage": {"input_tokens": %s, "output_tokens": 20},
             "latency_ms": %s, "cost": {"amount": %s}}""";

    @Test
    void aCallOfNowIsRead() {
        assertThat(CALLS.read(bytes(call("\"2026-12-07T11:59:00Z\"", "100", "300", "0.01")), NOW).callId())
                .isEqualTo("c-1");
    }

    @ParameterizedTest(name = "timestamp {0}")
    @CsvSource(delimiter = '|', value = {
            "'\"2026-12-07T14:00:00Z\"' | more than 5m ahead",   // 2 h in the future: the broker's 1 h limit killed the scorer
            "'\"2026-12-07T12:06:00Z\"' | more than 5m ahead",
            "-5                          | before 1970",          // epoch seconds -5: ParseProcessor threw
            "'\"0001-01-01T00:00:00Z\"' | before 1970",
            "'\"2999-12-31T00:00:00Z\"' | more than 5m ahead",
            "'\"3000-06-01T00:00:00Z\"' | after the year 3000",
            "'\"2026-11-29T12:00:00Z\"' | older than 7d"})
    void aTimestampOutsideTheWindowIsNamed(String timestamp, String message) {
        List<FieldError> errors = errorsOf(call(timestamp, "100", "300", "0.01"));

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("timestamp");
            assertThat(error.message()).contains(message);
        });
    }

    @Test
    void theWindowIsTheConfiguredOne() {
        EventReader<LlmCall> wide = LlmCall.reader(new EventTimeWindow(Duration.ofDays(400), Duration.ofHours(3)));

        assertThat(wide.read(bytes(call("\"2026-12-07T14:00:00Z\"", "1", "1", "0")), NOW).callId()).isEqualTo("c-1");
        assertThat(wide.read(bytes(call("\"2026-01-01T00:00:00Z\"", "1", "1", "0")), NOW).callId()).isEqualTo("c-1");
    }

    @ParameterizedTest(name = "latency_ms {0}")
    @ValueSource(strings = {"\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e999", "1e308", "86400001"})
    void aLatencyThatIsNotFiniteOrAbsurdIsNamed(String latency) {
        assertThat(errorsOf(call("\"2026-12-07T11:59:00Z\"", "100", latency, "0.01")))
                .extracting(FieldError::field).containsExactly("latency_ms");
    }

    @ParameterizedTest(name = "cost.amount {0}")
    @ValueSource(strings = {"\"NaN\"", "\"Infinity\"", "1e999", "1e308", "100001"})
    void aCostThatIsNotFiniteOrAbsurdIsNamed(String amount) {
        assertThat(errorsOf(call("\"2026-12-07T11:59:00Z\"", "100", "300", amount)))
                .extracting(FieldError::field).containsExactly("cost.amount");
    }

    @ParameterizedTest(name = "input_tokens {0}")
    @ValueSource(strings = {"1e999", "1e308", "100000001", "9223372036854775807"})
    void aTokenCountThatIsAbsurdIsNamed(String tokens) {
        assertThat(errorsOf(call("\"2026-12-07T11:59:00Z\"", tokens, "300", "0.01")))
                .extracting(FieldError::field).containsExactly("usage.input_tokens");
    }

    @Test
    void zeroUsageIsAValidCall() {
        assertThat(CALLS.read(bytes(call("\"2026-12-07T11:59:00Z\"", "0", "0", "0")), NOW).usage().inputTokens())
                .isZero();
    }

    @Test
    void anEvaluationFromTheFutureOrWithANonFiniteScoreIsNamed() {
        String evaluation = """
                {"call_id": "c-1", "timestamp": "%s", "name": "user_feedback", "score": %s}""";

        assertThat(errors(EVALUATIONS, evaluation.formatted("2026-12-07T14:00:00Z", "1"))).extracting(FieldError::field)
                .containsExactly("timestamp");
        assertThat(errors(EVALUATIONS, evaluation.formatted("2026-12-07T11:00:00Z", "\"NaN\""))).extracting(FieldError::field)
                .containsExactly("score");
    }

    private static String call(String timestamp, String tokens, String latency, String cost) {
        return CALL.formatted(timestamp, tokens, latency, cost);
    }

    private static List<FieldError> errorsOf(String json) {
        return errors(CALLS, json);
    }

    private static <T extends Validated> List<FieldError> errors(EventReader<T> reader, String json) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> reader.read(bytes(json), NOW));
        assertThat(e).as("expected %s to be rejected", json).isNotNull();
        return e.errors();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
