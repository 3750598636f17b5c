package io.llmwatch.app.query;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.llmwatch.health.HealthChecks;
import io.llmwatch.config.KafkaClientSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DimensionComparison;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.Interval;
import io.llmwatch.event.Verdict;
import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.ValidationException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query API over what a real broker holds on the model-stats, comparisons, recommendations and alerts
 * topics, open and behind read keys ({@code query.api_keys}).
 */
class QueryServerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String READ_KEY = "lw_read_test_key";

    static EmbeddedKafka kafka;
    static QueryServer server;
    static int port;
    /** The same views behind read keys ({@code query.api_keys}). */
    static QueryServer keyed;
    static int keyedPort;
    static SimpleMeterRegistry keyedMeters = new SimpleMeterRegistry();

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
                820, 8, 900.0, 0.002, 0.010, 1.64, NOW, "non-inferior", EvidenceState.MONITORING, 0, null)
                .withCritical(List.of(new DimensionComparison("stat_validity", 0.05, 812, -0.08,
                        new Interval(-0.12, -0.04, 0.95), Verdict.WORSE, EvidenceState.DECIDED, 0, null))));
        server = new QueryServer(KafkaClientSettings.of(kafka.bootstrapServers()), "127.0.0.1", 0,
                Clock.fixed(NOW, ZoneOffset.UTC), new HealthChecks(), new SimpleMeterRegistry());
        port = server.start();
        keyed = new QueryServer(KafkaClientSettings.of(kafka.bootstrapServers()), "127.0.0.1", 0,
                config("query: {api_keys: [" + READ_KEY + "]}").query(), new HealthChecks(), keyedMeters);
        keyedPort = keyed.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        keyed.close();
        kafka.close();
    }

    @Test
    void withReadKeysEveryApiRequestWithoutAValidKeyIsRefused() throws Exception {
        for (String path : new String[] {"/api/leaderboard", "/api/comparisons", "/api/comparisons/history",
                "/api/recommendations", "/api/alerts"}) {
            HttpResponse<String> none = sendKeyed(path, null, null);
            HttpResponse<String> wrong = sendKeyed(path, ApiKeyFilter.KEY_HEADER, "not-the-key");

            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(none.body()).contains(ApiKeyFilter.KEY_HEADER).doesNotContain(READ_KEY);
            assertThat(wrong.statusCode()).as(path).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain("not-the-key");
        }
        assertThat(keyedMeters.counter("llmwatch.query.auth.refused").count()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void theReadKeyIsAcceptedInTheHeaderOrAsABearerToken() throws Exception {
        assertThat(sendKeyed("/api/leaderboard", ApiKeyFilter.KEY_HEADER, READ_KEY).statusCode()).isEqualTo(200);
        assertThat(sendKeyed("/api/alerts", "Authorization", "Bearer " + READ_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void withReadKeysTheDashboardFilesAndHealthStayOpenForTheyHoldNoData() throws Exception {
        HttpResponse<String> page = sendKeyed("/", null, null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"key-form\"");
        assertThat(sendKeyed("/dashboard.js", null, null).statusCode()).isEqualTo(200);
        assertThat(sendKeyed("/healthz", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anEmptyReadKeyIsAConfigErrorNamingTheField() {
        assertThatThrownBy(() -> config("query: {api_keys: ['']}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("query.api_keys");
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
            // the evidence on each critical dimension, with the one that blocks it
            assertThat(comparison.at("/critical/0/dimension").asText()).isEqualTo("stat_validity");
            assertThat(comparison.at("/critical/0/verdict").asText()).isEqualTo("worse");
            assertThat(comparison.at("/critical/0/confidence_sequence/upper").asDouble()).isEqualTo(-0.04);
            assertThat(get("/api/comparisons?task=other")).isEmpty();
        });
    }

    @Test
    void aComparisonsHistoryKeepsItsLastPointsOldestFirstWithoutRepeats() throws Exception {
        // Given more updates of one comparison than the history keeps, each twice (a republished value)
        String key = "support/history-task/gpt-4.1-nano";
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        int updates = QueryServer.MAX_HISTORY + 5;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 1; i <= updates; i++) {
                ObjectNode c = Json.mapper().createObjectNode().put("app", "support").put("task_type", "history-task")
                        .put("incumbent", "gpt-4.1").put("candidate", "gpt-4.1-nano").put("margin", 0.02).put("n", i)
                        .put("mean_delta", -0.01).put("verdict", "inconclusive").put("replays", i).put("failures", 0).put("restarts", 0)
                        .put("replay_spend_usd", 0.001 * i).put("summary", "long text left out");
                c.putObject("confidence_sequence").put("lower", -0.01 - 1.0 / i).put("upper", -0.01 + 1.0 / i).put("level", 0.95);
                for (int copy = 0; copy < 2; copy++) {
                    c.put("updated_at", NOW.plusSeconds(2L * i + copy).toString());
                    producer.send(new ProducerRecord<>(Topics.COMPARISONS.name(), key, Json.mapper().writeValueAsBytes(c)));
                }
            }
        }

        // Then the newest MAX_HISTORY distinct points are served, oldest first, with the fields a chart needs
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode history = get("/api/comparisons/history?app=support&task=history-task");
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("candidate").asText()).isEqualTo("gpt-4.1-nano");
            JsonNode points = history.get(0).get("points");
            assertThat(points).hasSize(QueryServer.MAX_HISTORY);
            assertThat(points.get(0).get("n").asLong()).isEqualTo(updates - QueryServer.MAX_HISTORY + 1);
            assertThat(points.get(points.size() - 1).get("n").asLong()).isEqualTo(updates);
            assertThat(points.get(0).has("confidence_sequence")).isTrue();
            assertThat(points.get(0).has("updated_at")).isTrue();
            assertThat(points.get(0).has("summary")).isFalse();
        });
        assertThat(get("/api/comparisons/history?candidate=other")).isEmpty();
    }

    @Test
    void anUnchangedAnswerIsA304WithoutABodyAndAChangedOneIsServedWithANewTag() throws Exception {
        // The dashboard asks every 3 s; before, each poll sent the whole answer again (no ETag).
        String path = "/api/comparisons?app=etag-app";
        publish(Topics.COMPARISONS, "etag-app/chat/gpt-4.1-mini", etagComparison(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> get(path).size() == 1);
        HttpResponse<String> first = send(path);
        String tag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(tag).matches("\"[A-Za-z0-9_-]+\"");
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");

        HttpResponse<String> again = sendIfNoneMatch(path, tag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(tag);
        assertThat(sendIfNoneMatch(path, "\"other\", W/" + tag).statusCode()).as("a list, weak comparison").isEqualTo(304);
        assertThat(sendIfNoneMatch(path, "*").statusCode()).isEqualTo(304);
        assertThat(sendIfNoneMatch(path, "\"other\"").statusCode()).isEqualTo(200);

        publish(Topics.COMPARISONS, "etag-app/chat/gpt-4.1-mini", etagComparison(11));
        await().atMost(Duration.ofSeconds(30)).until(() -> sendIfNoneMatch(path, tag).statusCode() == 200);
        HttpResponse<String> changed = sendIfNoneMatch(path, tag);
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(tag);
        assertThat(Json.mapper().readTree(changed.body()).get(0).get("n").asLong()).isEqualTo(11);
    }

    private static Comparison etagComparison(long n) {
        return new Comparison(null, "etag-app", "chat", "gpt-4.1", "gpt-4.1-mini", "exact", 0.02, n, 0.0, 0.1,
                new Interval(-0.1, 0.1, 0.95), new Interval(-0.2, 0.2, 0.95), Verdict.INCONCLUSIVE, null, null,
                n, 0, 900.0, 0.002, 0.010, 0.01, NOW, "inconclusive", EvidenceState.ACCUMULATING, 0, null);
    }

    private static HttpResponse<String> sendIfNoneMatch(String path, String tags) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("If-None-Match", tags)
                .build(), HttpResponse.BodyHandlers.ofString());
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

    private static HttpResponse<String> sendKeyed(String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + keyedPort + path));
        if (header != null) {
            request.header(header, value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static LlmwatchConfig config(String yaml) {
        return LlmwatchConfig.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }
}
