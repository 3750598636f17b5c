package io.llmwatch.scorer.topology;

import static io.llmwatch.scorer.CallFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.ModelStats;
import io.llmwatch.json.Json;
import io.llmwatch.scorer.ScorerDriver;
import io.llmwatch.validate.FieldError;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Records a black-box review wrote straight onto {@code llmwatch.calls}: each goes to the DLQ naming
 * its field, the topology goes on, and no statistic becomes infinite. Before the fix, the call with
 * timestamp {@code -5} made the parse step throw (a negative Kafka timestamp), which stopped the
 * driver; the calls from the far future and with a cost of {@code 1e308} were scored.
 */
class HostileInputTest {

    /** The driver's wall clock is 2026-03-02T12:00Z. */
    private static final Instant T = Instant.parse("2026-03-02T11:59:00Z");
    private static final String CALL = """
            {"call_id": "%s", "timestamp": %s, "app": "shop", "task_type": "summarize", "request_model": "gpt-4.1-mini",
             "usage": {"input_tokens": %s, "output_tokens": 10}, "latency_ms": %s, "cost": {"amount": %s}}""";

    @AutoClose
    private final ScorerDriver scorer = new ScorerDriver();

    @Test
    void hostile_records_are_dead_lettered_naming_the_field_and_the_statistics_stay_finite() throws Exception {
        // Given hostile calls: timestamps from year 1 to 2999, NaN and infinite numbers, absurd usage
        hostile("year-1", "\"0001-01-01T00:00:00Z\"", "10", "300", "0.01");
        hostile("minus-5", "-5", "10", "300", "0.01");
        hostile("two-hours-ahead", "\"2026-03-02T14:00:00Z\"", "10", "300", "0.01");
        hostile("year-2999", "\"2999-01-01T00:00:00Z\"", "10", "300", "0.01");
        hostile("a-week-and-a-day-old", "\"2026-02-22T12:00:00Z\"", "10", "300", "0.01");
        hostile("nan-latency", "\"2026-03-02T11:59:01Z\"", "10", "\"NaN\"", "0.01");
        hostile("infinite-latency", "\"2026-03-02T11:59:01Z\"", "10", "1e999", "0.01");
        hostile("infinite-cost", "\"2026-03-02T11:59:01Z\"", "10", "300", "\"Infinity\"");
        hostile("huge-cost", "\"2026-03-02T11:59:01Z\"", "10", "300", "1e308");
        hostile("huge-usage", "\"2026-03-02T11:59:01Z\"", "1e15", "300", "0.01");
        // and ordinary ones, one with zero usage
        scorer.sendRaw("zero-usage", CALL.formatted("zero-usage", "\"2026-03-02T11:59:02Z\"", "0", "300", "0"));
        scorer.send(call("good", T.plusSeconds(3)));

        // When a call of the next window closes the first
        scorer.send(call("next", T.plusSeconds(61)));

        // Then every hostile record is a dead letter naming its field
        List<KeyValue<String, DeadLetter>> letters = scorer.deadLetters();
        assertThat(letters).extracting(kv -> kv.key + " " + kv.value.errors().stream().map(FieldError::field).toList())
                .containsExactly(
                        "year-1 [timestamp]",
                        "minus-5 [timestamp]",
                        "two-hours-ahead [timestamp]",
                        "year-2999 [timestamp]",
                        "a-week-and-a-day-old [timestamp]",
                        "nan-latency [latency_ms]",
                        "infinite-latency [latency_ms]",
                        "infinite-cost [cost.amount]",
                        "huge-cost [cost.amount]",
                        "huge-usage [usage.input_tokens]");
        // and the ordinary calls are scored, with statistics that are all finite
        assertThat(scorer.scored()).extracting(kv -> kv.key).containsExactly("zero-usage", "good", "next");
        // (live statistics also publish the next call's window, still open)
        List<KeyValue<String, ModelStats>> stats = scorer.stats();
        assertThat(stats).filteredOn(kv -> !kv.value.open()).singleElement()
                .satisfies(kv -> assertThat(kv.value.calls()).isEqualTo(2));
        assertThat(stats).allSatisfy(kv ->
                assertThat(Json.mapper().writeValueAsString(kv.value)).doesNotContain("Infinity").doesNotContain("NaN"));
    }

    private void hostile(String id, String timestamp, String inputTokens, String latency, String cost) {
        scorer.sendRaw(id, CALL.formatted(id, timestamp, inputTokens, latency, cost));
    }
}
