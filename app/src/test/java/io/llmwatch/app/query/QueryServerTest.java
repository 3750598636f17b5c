package io.llmwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.stats.Interval;
import io.llmwatch.stats.Verdict;
import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query API over what a real broker holds on the model-stats, comparisons, recommendations and alerts topics. */
class QueryServerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static EmbeddedKafka kafka;
    static QueryServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        // Given two windows of stats of one model, a recommendation and an alert on their topics
        publish(Topics.MODEL_STATS, "support/summarize-ticket/gpt-4.1", stats(NOW.minusSeconds(3600), 10, 0.8));
        publish(Topics.MODEL_STATS, "support/summarize-ticket/gpt-4.1", stats(NOW.minusSeconds(600), 30, 0.6));
        publish(Topics.RECOMMENDATIONS, "support/summarize-ticket", new Recommendation(null, "support",
                "summarize-ticket", "gpt-4.1-mini", "gpt-4.1", "paired_non_inferiority",
                new TimeWindow(NOW.minusSeconds(60), NOW), 0.02, List.of(), null, 0, 1940.0, NOW, "switch"));
        publish(Topics.ALERTS, "a-1", new DriftAlert(null, "a-1", AlertType.OPTIMAL_MODEL_CHANGED, Severity.INFO,
                "support", "summarize-ticket", null, NOW, new TimeWindow(NOW.minusSeconds(60), NOW), "changed",
                new Evidence("gpt-4.1", "gpt-4.1-mini", null, null, null, null, null, null, null, null, null, null,
                        null, 1940.0, Map.of()), "OPTIMAL_MODEL_CHANGED/support/summarize-ticket", AlertStatus.FIRING));
        publish(Topics.COMPARISONS, "support/summarize-ticket/gpt-4.1-mini", new Comparison(null, "support",
                "summarize-ticket", "gpt-4.1", "gpt-4.1-mini", "embedding", 0.02, 812, -0.004, 0.1,
                new Interval(-0.011, 0.003, 0.95), new Interval(-0.015, 0.007, 0.95), Verdict.NON_INFERIOR, null, null,
                820, 8, 900.0, 0.002, 0.010, 1.64, NOW, "non-inferior"));
        server = new QueryServer(kafka.bootstrapServers(), 0, Clock.fixed(NOW, ZoneOffset.UTC));
        port = server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        kafka.close();
    }

    @Test
    void leaderboardMergesEveryRetainedWindowOfAModel() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode row = get("/api/leaderboard?app=support&task=summarize-ticket").get(0);
            assertThat(row.get("model").asText()).isEqualTo("gpt-4.1");
            assertThat(row.get("windows").asInt()).isEqualTo(2);
            assertThat(row.get("calls").asLong()).isEqualTo(40);
            assertThat(row.get("quality_mean").asDouble()).isEqualTo((10 * 0.8 + 30 * 0.6) / 40);
        });
    }

    @Test
    void sinceLimitsTheLeaderboardToRecentWindows() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get("/api/leaderboard?since=15m").get(0).get("calls").asLong()).isEqualTo(30);
            assertThat(get("/api/leaderboard?since=" + NOW.minusSeconds(7200)).get(0).get("calls").asLong()).isEqualTo(40);
            assertThat(get("/api/leaderboard?app=other")).isEmpty();
        });
    }

    @Test
    void aBadSinceIsABadRequestThatSaysWhy() throws Exception {
        HttpResponse<String> response = send("/api/leaderboard?since=yesterday");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("since");
    }

    @Test
    void recommendationsAndAlertsAreServed() {
        // an empty answer (nothing read yet) has no element 0: wait for it like a failed assertion
        await().atMost(Duration.ofSeconds(30)).ignoreException(NullPointerException.class).untilAsserted(() -> {
            assertThat(get("/api/recommendations").get(0).get("recommended_model").asText()).isEqualTo("gpt-4.1-mini");
            JsonNode alert = get("/api/alerts").get(0);
            assertThat(alert.get("type").asText()).isEqualTo("OPTIMAL_MODEL_CHANGED");
            assertThat(alert.at("/evidence/projected_monthly_savings").asDouble()).isEqualTo(1940.0);
        });
    }

    @Test
    void comparisonsAreServedByTask() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode comparison = get("/api/comparisons?app=support&task=summarize-ticket").get(0);
            assertThat(comparison.get("candidate").asText()).isEqualTo("gpt-4.1-mini");
            assertThat(comparison.get("verdict").asText()).isEqualTo("non_inferior");
            assertThat(comparison.at("/confidence_sequence/lower").asDouble()).isEqualTo(-0.015);
            assertThat(get("/api/comparisons?task=other")).isEmpty();
        });
    }

    private static ModelStats stats(Instant start, long calls, double quality) {
        return new ModelStats(null, "support", "summarize-ticket", "gpt-4.1", new TimeWindow(start, start.plusSeconds(60)),
                calls, 0, calls, 0, calls * 0.01, 0.01, calls * 1000, calls * 100, 800.0, 1200.0, quality, calls, null);
    }

    private static <V> void publish(Topic<String, V> topic, String key, V value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(props, topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
        }
    }

    private static HttpResponse<String> send(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }
}
