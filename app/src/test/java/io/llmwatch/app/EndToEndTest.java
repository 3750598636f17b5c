package io.llmwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.app.run.Component;
import io.llmwatch.app.run.LlmwatchRuntime;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.topic.Topics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on a real embedded broker: calls and evaluations posted over HTTP to the collector,
 * scored and aggregated by the scorer, judged by the drift detector, and the alert read back from
 * {@code llmwatch.alerts} with a plain Kafka consumer, as any subscriber would.
 */
class EndToEndTest {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final String CONFIG = """
            pipeline: {window: 2s, grace: 0s, hysteresis_windows: 2, horizon_windows: 1}
            tasks:
              - {app: support, task_type: summarize-ticket, incumbent: gpt-4.1, candidates: [gpt-4.1-mini], margin: 0.02}
            """;

    @TempDir
    static Path stateDir;
    static LlmwatchRuntime runtime;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        LlmwatchConfig config = LlmwatchConfig.read(new ByteArrayInputStream(CONFIG.getBytes(StandardCharsets.UTF_8)), "test");
        runtime = LlmwatchRuntime.start(new LlmwatchRuntime.Options(EnumSet.allOf(Component.class), null, 0, 0, 0,
                stateDir, config, PriceCatalog.defaults(), 1));
        assertThat(runtime.awaitRunning(Duration.ofMinutes(1))).isTrue();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void callsPostedOverHttpEndInAnOptimalModelChangedAlert() throws Exception {
        // Given a cheaper model exactly as good as the incumbent, window after window
        Instant base = Instant.ofEpochMilli(Instant.now().minus(Duration.ofMinutes(5)).toEpochMilli() / WINDOW.toMillis() * WINDOW.toMillis());
        for (int window = 0; window < 6; window++) {
            List<LlmCall> calls = new ArrayList<>();
            List<Evaluation> evaluations = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Instant at = base.plus(WINDOW.multipliedBy(window)).plusMillis(50L * i);
                for (String model : List.of("gpt-4.1", "gpt-4.1-mini")) {
                    LlmCall call = call("w" + window + "-" + i + "-" + model, at, model);
                    calls.add(call);
                    evaluations.add(new Evaluation(null, call.callId(), at, "quality", 0.88 + (i % 5) * 0.01, null, null, "test"));
                }
            }
            // When they are posted to the collector like any service would
            assertThat(post("/v1/evaluations", evaluations).statusCode()).isEqualTo(202);
            assertThat(post("/v1/events", calls).statusCode()).isEqualTo(202);
        }

        // Then a subscriber of llmwatch.alerts hears that the optimum changed, with the evidence
        DriftAlert alert = awaitAlert();
        assertThat(alert.type()).isEqualTo(AlertType.OPTIMAL_MODEL_CHANGED);
        assertThat(alert.app()).isEqualTo("support");
        assertThat(alert.taskType()).isEqualTo("summarize-ticket");
        assertThat(alert.evidence().fromModel()).isEqualTo("gpt-4.1");
        assertThat(alert.evidence().toModel()).isEqualTo("gpt-4.1-mini");
        assertThat(alert.evidence().costPerCallAfter()).isLessThan(alert.evidence().costPerCallBefore());
        assertThat(alert.evidence().projectedMonthlySavings()).isPositive();
        assertThat(alert.summary()).contains("gpt-4.1-mini");

        // And the query API shows the leaderboard and the alert
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode board = get("/api/leaderboard?app=support&task=summarize-ticket");
            assertThat(board.findValuesAsText("model")).contains("gpt-4.1", "gpt-4.1-mini");
            assertThat(get("/api/alerts").findValuesAsText("type")).contains("OPTIMAL_MODEL_CHANGED");
        });
    }

    private static LlmCall call(String id, Instant at, String model) {
        return new LlmCall(null, id, at, "support", "summarize-ticket", null, null, null, "openai", null, model, model,
                Json.mapper().createObjectNode().put("model", model), "Three bullet points about the ticket.", "stop",
                Usage.of(1500, 200), 800.0, 300.0, null, null, Map.of(), null);
    }

    private static HttpResponse<String> post(String path, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.collectorPort() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.queryPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private static DriftAlert awaitAlert() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "end-to-end-test");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, DriftAlert> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                Topics.ALERTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS.name()));
            List<DriftAlert> alerts = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, DriftAlert> record : consumer.poll(Duration.ofMillis(500))) {
                    alerts.add(record.value());
                }
                return !alerts.isEmpty();
            });
            return alerts.get(0);
        }
    }
}
