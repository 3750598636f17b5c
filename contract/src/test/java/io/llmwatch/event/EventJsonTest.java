package io.llmwatch.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmwatch.json.Json;
import io.llmwatch.topic.Topics;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire form of every record: snake_case names, RFC 3339 instants, lossless round trips. */
class EventJsonTest {

    private static final ObjectMapper JSON = Json.mapper();
    private static final Instant T0 = Instant.parse("2026-11-01T09:30:00.125Z");
    private static final TimeWindow WINDOW = new TimeWindow(Instant.parse("2026-11-01T09:30:00Z"), Instant.parse("2026-11-01T09:31:00Z"));

    static LlmCall fullCall() throws Exception {
        JsonNode request = JSON.readTree("""
                {"model": "gpt-4.1", "temperature": 0.2, "max_tokens": 256,
                 "messages": [{"role": "system", "content": "Summarise."}, {"role": "user", "content": "Ticket #4711"}],
                 "response_format": {"type": "json_object"}}""");
        JsonNode reference = JSON.readTree("{\"label\": \"billing\"}");
        return new LlmCall(LlmCall.SCHEMA, "call-0001", T0, "support", "summarize-ticket", "staging", "trace-9", "session-3",
                "openai", "chat", "gpt-4.1", "gpt-4.1-2025-04-14", request, "{\"summary\": \"refund\"}", "stop",
                new Usage(1_200L, 80L, 1_024L, 0L, 16L), 843.5, 212.0, new Cost(0.00123, "USD", CostSource.PROVIDER, null),
                new CallError("rate_limit", "429 from upstream"), Map.of("tenant", "acme", "prompt_version", "v7"), reference);
    }

    @Test
    void llmCallRoundTripsWithEveryField() throws Exception {
        LlmCall call = fullCall();

        byte[] bytes = Topics.CALLS.valueSerde().serializer().serialize("t", call);
        LlmCall back = Topics.CALLS.valueSerde().deserializer().deserialize("t", bytes);

        assertThat(back).isEqualTo(call);
        assertThat(back.request().get("messages").get(1).get("content").asText()).isEqualTo("Ticket #4711");
        assertThat(back.model()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(back.failed()).isTrue();
    }

    @Test
    void llmCallUsesSnakeCaseAndRfc3339OnTheWire() throws Exception {
        JsonNode wire = JSON.valueToTree(fullCall());

        assertThat(wire.get("schema").asText()).isEqualTo("llmwatch.call.v1");
        assertThat(wire.get("call_id").asText()).isEqualTo("call-0001");
        assertThat(wire.get("task_type").asText()).isEqualTo("summarize-ticket");
        assertThat(wire.get("request_model").asText()).isEqualTo("gpt-4.1");
        assertThat(wire.get("response_model").asText()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(wire.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(wire.get("trace_id").asText()).isEqualTo("trace-9");
        assertThat(wire.get("time_to_first_token_ms").asDouble()).isEqualTo(212.0);
        assertThat(wire.at("/usage/input_tokens").asLong()).isEqualTo(1_200);
        assertThat(wire.at("/usage/cache_read_input_tokens").asLong()).isEqualTo(1_024);
        assertThat(wire.at("/usage/cache_creation_input_tokens").asLong()).isZero();
        assertThat(wire.at("/usage/reasoning_output_tokens").asLong()).isEqualTo(16);
        assertThat(wire.at("/cost/source").asText()).isEqualTo("provider");
        assertThat(wire.at("/error/type").asText()).isEqualTo("rate_limit");
        assertThat(wire.at("/attributes/prompt_version").asText()).isEqualTo("v7");
        assertThat(wire.get("timestamp").isTextual()).isTrue();
        assertThat(OffsetDateTime.parse(wire.get("timestamp").asText()).toInstant()).isEqualTo(T0);
        assertThat(wire.has("callId")).isFalse();
    }

    @Test
    void absentFieldsAreOmittedAndDefaultsApplied() throws Exception {
        LlmCall minimal = JSON.readValue("""
                {"call_id": "c", "timestamp": "2026-11-01T10:30:00+01:00", "app": "a", "task_type": "t",
                 "request_model": "m"}""", LlmCall.class);

        assertThat(minimal.timestamp()).isEqualTo(Instant.parse("2026-11-01T09:30:00Z"));
        assertThat(minimal.environment()).isEqualTo("prod");
        assertThat(minimal.operation()).isEqualTo("chat");
        assertThat(minimal.schema()).isEqualTo(LlmCall.SCHEMA);
        assertThat(minimal.usage()).isNull();
        JsonNode wire = JSON.valueToTree(minimal);
        assertThat(wire.has("usage")).isFalse();
        assertThat(wire.has("cost")).isFalse();
        assertThat(wire.has("response_model")).isFalse();
    }

    @Test
    void evaluationRoundTrips() throws Exception {
        Evaluation evaluation = new Evaluation(null, "call-0001", T0, "user_feedback", 0.75, "thumbs_up", "helpful", "widget");

        JsonNode wire = JSON.valueToTree(evaluation);
        Evaluation back = JSON.treeToValue(wire, Evaluation.class);

        assertThat(back).isEqualTo(evaluation);
        assertThat(wire.get("schema").asText()).isEqualTo("llmwatch.evaluation.v1");
        assertThat(wire.get("call_id").asText()).isEqualTo("call-0001");
        assertThat(wire.get("score").asDouble()).isEqualTo(0.75);
    }

    @Test
    void scoredCallRoundTrips() throws Exception {
        ScoredCall scored = new ScoredCall(null, "call-0001", T0, "support", "summarize-ticket", "prod", "trace-9", null,
                "openai", "gpt-4.1", "gpt-4.1-2025-04-14", "stop", Usage.of(1_200, 80), 843.5, null,
                Cost.local(0.00304, "priced as gpt-4.1"), null,
                new Scores(1.0, 0.9, 0.5, null, 0.8625, Map.of("user_feedback", 1.0)), Map.of("tenant", "acme"));

        byte[] bytes = Topics.SCORED.valueSerde().serializer().serialize("t", scored);
        ScoredCall back = Topics.SCORED.valueSerde().deserializer().deserialize("t", bytes);
        JsonNode wire = JSON.readTree(bytes);

        assertThat(back).isEqualTo(scored);
        assertThat(back.modelKey()).isEqualTo(new ModelKey("support", "summarize-ticket", "gpt-4.1-2025-04-14"));
        assertThat(wire.get("schema").asText()).isEqualTo("llmwatch.scored.v1");
        assertThat(wire.at("/cost/source").asText()).isEqualTo("local");
        assertThat(wire.at("/scores/extra/user_feedback").asDouble()).isEqualTo(1.0);
        assertThat(wire.has("output_text")).isFalse();
    }

    @Test
    void modelStatsRoundTripsWithItsHistogram() throws Exception {
        LatencyHistogram latency = new LatencyHistogram();
        for (int ms = 100; ms <= 1_000; ms += 100) {
            latency.add(ms);
        }
        ModelStats stats = new ModelStats(null, "support", "summarize-ticket", "gpt-4.1", WINDOW, 10, 1, 9, 1, 0.0271,
                0.003011, 12_000, 800, latency.quantile(0.5), latency.quantile(0.95), 0.84, 7, latency);

        byte[] bytes = Topics.MODEL_STATS.valueSerde().serializer().serialize("t", stats);
        ModelStats back = Topics.MODEL_STATS.valueSerde().deserializer().deserialize("t", bytes);
        JsonNode wire = JSON.readTree(bytes);

        assertThat(back).usingRecursiveComparison().isEqualTo(stats);
        assertThat(back.latency().total()).isEqualTo(10);
        assertThat(back.latency().counts()).isEqualTo(latency.counts());
        assertThat(back.latency().quantile(0.95)).isEqualTo(latency.quantile(0.95));
        assertThat(back.errorRate()).isEqualTo(0.1);
        assertThat(wire.get("schema").asText()).isEqualTo("llmwatch.model-stats.v1");
        assertThat(wire.get("latency_p95_ms").asDouble()).isEqualTo(stats.latencyP95Ms());
        assertThat(wire.get("unpriced_calls").asLong()).isEqualTo(1);
        assertThat(wire.at("/window/start").asText()).isEqualTo("2026-11-01T09:30:00Z");
        assertThat(wire.get("open").asBoolean()).isFalse();
        assertThat(stats.topicKey()).isEqualTo("support/summarize-ticket/gpt-4.1/2026-11-01T09:30:00Z");
    }

    @Test
    void modelStatsWithoutOpenAreAClosedWindow() throws Exception {
        String json = """
                {"schema": "llmwatch.model-stats.v1", "app": "a", "task_type": "t", "model": "m",
                 "window": {"start": "2026-11-01T09:30:00Z", "end": "2026-11-01T09:31:00Z"},
                 "calls": 1, "errors": 0, "priced_calls": 1, "unpriced_calls": 0, "cost_sum": 0.1,
                 "input_tokens": 1, "output_tokens": 1, "quality_n": 0}""";

        ModelStats stats = Topics.MODEL_STATS.valueSerde().deserializer().deserialize("t", json.getBytes(UTF_8));

        assertThat(stats.open()).isFalse();
        assertThat(stats.calls()).isEqualTo(1);
    }

    @Test
    void recommendationRoundTrips() throws Exception {
        Recommendation recommendation = new Recommendation(null, "support", "summarize-ticket", "gpt-4.1-mini", "gpt-4.1",
                "paired_non_inferiority", WINDOW, 0.02,
                List.of(new ModelStanding("gpt-4.1", ModelStanding.INCUMBENT, 500, 0.86, 0.0030, 0.01, 900.0,
                                null, null, null, null, null, true, "incumbent"),
                        new ModelStanding("gpt-4.1-mini", ModelStanding.CANDIDATE, 120, null, 0.0006, 0.00, 400.0,
                                118L, -0.004, new Interval(-0.015, 0.007, 0.95), new Interval(-0.010, 0.002, 0.95),
                                Verdict.NON_INFERIOR, true, "non_inferior"),
                        new ModelStanding("gpt-4.1-nano", ModelStanding.CANDIDATE, 120, null, 0.00015, 0.02, 300.0,
                                117L, -0.2, new Interval(-0.25, -0.15, 0.95), null, Verdict.WORSE, false, "worse")),
                null, 0, 1_036.8, T0, "gpt-4.1-mini is as good as gpt-4.1 on summarize-ticket for 80% less.");

        byte[] bytes = Topics.RECOMMENDATIONS.valueSerde().serializer().serialize("t", recommendation);
        Recommendation back = Topics.RECOMMENDATIONS.valueSerde().deserializer().deserialize("t", bytes);
        JsonNode wire = JSON.readTree(bytes);

        assertThat(back).isEqualTo(recommendation);
        assertThat(back.key()).isEqualTo(TaskKey.parse("support/summarize-ticket"));
        assertThat(wire.get("recommended_model").asText()).isEqualTo("gpt-4.1-mini");
        assertThat(wire.at("/standings/1/verdict").asText()).isEqualTo("non_inferior");
        assertThat(wire.at("/standings/1/confidence_sequence/lower").asDouble()).isEqualTo(-0.015);
        assertThat(wire.get("projected_monthly_savings").asDouble()).isEqualTo(1_036.8);
        assertThat(wire.at("/standings/0/quality_mean").asDouble()).isEqualTo(0.86);
        assertThat(wire.get("computed_at").asText()).isEqualTo("2026-11-01T09:30:00.125Z");
    }

    @Test
    void driftAlertRoundTrips() throws Exception {
        DriftAlert alert = new DriftAlert(null, "OPTIMAL_MODEL_CHANGED/support/summarize-ticket/2026-11-01T09:31:00Z",
                AlertType.OPTIMAL_MODEL_CHANGED, Severity.WARNING, "support", "summarize-ticket", "gpt-4.1-mini", T0,
                WINDOW, "gpt-4.1-mini is now the cheapest good-enough model for summarize-ticket.",
                new Evidence("gpt-4.1", "gpt-4.1-mini", 0.86, 480L, 0.85, 120L, -0.01, -0.015, 0.004, 120L, 0.0030,
                        0.0006, 432_000.0, 1_036.8, Map.of("margin", 0.02, "windows_held", 3)),
                "OPTIMAL_MODEL_CHANGED/support/summarize-ticket", AlertStatus.FIRING);

        byte[] bytes = Topics.ALERTS.valueSerde().serializer().serialize("t", alert);
        DriftAlert back = Topics.ALERTS.valueSerde().deserializer().deserialize("t", bytes);
        JsonNode wire = JSON.readTree(bytes);

        assertThat(back).isEqualTo(alert);
        assertThat(wire.get("schema").asText()).isEqualTo("llmwatch.alert.v1");
        assertThat(wire.get("alert_id").asText()).startsWith("OPTIMAL_MODEL_CHANGED/");
        assertThat(wire.get("type").asText()).isEqualTo("OPTIMAL_MODEL_CHANGED");
        assertThat(wire.get("severity").asText()).isEqualTo("warning");
        assertThat(wire.get("status").asText()).isEqualTo("firing");
        assertThat(wire.get("dedup_key").asText()).isEqualTo("OPTIMAL_MODEL_CHANGED/support/summarize-ticket");
        assertThat(wire.at("/evidence/from_model").asText()).isEqualTo("gpt-4.1");
        assertThat(wire.at("/evidence/projected_monthly_savings").asDouble()).isEqualTo(1_036.8);
        assertThat(wire.at("/evidence/details/windows_held").asInt()).isEqualTo(3);
        assertThat(wire.get("detected_at").asText()).isEqualTo("2026-11-01T09:30:00.125Z");
    }

    @Test
    void nullValuesPassThroughSerdesAsTombstones() {
        assertThat(Topics.RECOMMENDATIONS.valueSerde().serializer().serialize("t", null)).isNull();
        assertThat(Topics.RECOMMENDATIONS.valueSerde().deserializer().deserialize("t", null)).isNull();
    }
}
