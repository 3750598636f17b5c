package io.llmwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import io.llmwatch.app.Llmwatch;
import io.llmwatch.app.run.Component;
import io.llmwatch.app.run.LlmwatchRuntime;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.Cost;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code /api/leaderboard} shows, end to end on the embedded broker: calls posted to the
 * collector, scored, aggregated into live windows and read back by the query API, with the
 * production defaults (1-minute windows, 1 s publish interval). No later traffic is needed for a
 * window to show, and late grades count in their call's window.
 */
class LiveLeaderboardTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TypeReference<List<LeaderboardRow>> ROWS = new TypeReference<>() {
    };

    @TempDir
    static Path stateDir;

    private static LlmwatchRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        runtime = LlmwatchRuntime.start(new LlmwatchRuntime.Options(
                EnumSet.of(Component.COLLECTOR, Component.SCORER, Component.QUERY), null, 0, 0, 0, stateDir,
                LlmwatchConfig.empty(), PriceCatalog.defaults(), 1));
        assertThat(runtime.awaitRunning(Duration.ofMinutes(2))).isTrue();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void threeCallsShowOnTheLeaderboardWithinFiveSecondsWithNoLaterTraffic() throws Exception {
        Instant now = Instant.now();
        List<LlmCall> calls = List.of(call("burst-1", now, "burst", "chat", "gpt-4.1-mini", 0.001),
                call("burst-2", now, "burst", "chat", "gpt-4.1-mini", 0.002),
                call("burst-3", now, "burst", "chat", "gpt-4.1-mini", 0.003));

        assertThat(post("/v1/events", calls).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(leaderboard("burst")).singleElement().satisfies(row -> {
                    assertThat(row.calls()).isEqualTo(3);
                    assertThat(row.costMean()).isCloseTo(0.002, within(1e-12));
                }));
    }

    @Test
    void lateGradesOfCallsOverSixMinutesGiveTheArithmeticMeansPerTaskAndModel() throws Exception {
        // Given ~300 calls over 6 minutes of event time, across three task types and two models, each
        // with a cost the application reports
        Random random = new Random(11);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(7));
        List<String> tasks = List.of("classify", "summarize", "extract");
        List<String> models = List.of("gpt-4.1", "gpt-4.1-mini");
        List<LlmCall> calls = new ArrayList<>();
        Map<String, double[]> sums = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String task = tasks.get(random.nextInt(tasks.size()));
            String model = models.get(random.nextInt(models.size()));
            double cost = Math.round(random.nextDouble() * 1e6) / 1e8;
            calls.add(call("grade-" + i, start.plusMillis(i * 1_200L), "graded", task, model, cost));
            sums.computeIfAbsent(task + "/" + model, k -> new double[3])[1] += cost;
        }
        for (int from = 0; from < calls.size(); from += 100) {
            assertThat(post("/v1/events", calls.subList(from, from + 100)).statusCode()).isEqualTo(202);
        }

        // When their grades arrive afterwards, minutes after most of their windows ended
        List<Evaluation> grades = new ArrayList<>();
        Instant graded = Instant.now();
        for (LlmCall call : calls) {
            double score = random.nextInt(101) / 100.0;
            grades.add(new Evaluation(null, call.callId(), graded, "quality", score, null, null, "test"));
            double[] sum = sums.get(call.taskType() + "/" + call.requestModel());
            sum[0]++;
            sum[2] += score;
        }
        for (int from = 0; from < grades.size(); from += 100) {
            assertThat(post("/v1/evaluations", grades.subList(from, from + 100)).statusCode()).isEqualTo(202);
        }

        // Then per task and model, the leaderboard's means are the arithmetic means of what was sent
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<LeaderboardRow> rows = leaderboard("graded");
            assertThat(rows).hasSize(sums.size());
            for (LeaderboardRow row : rows) {
                double[] sum = sums.get(row.taskType() + "/" + row.model());
                assertThat(row.calls()).as(row.taskType() + "/" + row.model()).isEqualTo((long) sum[0]);
                assertThat(row.qualityN()).isEqualTo((long) sum[0]);
                assertThat(row.qualityMean()).isCloseTo(sum[2] / sum[0], within(1e-9));
                assertThat(row.costMean()).isCloseTo(sum[1] / sum[0], within(1e-12));
            }
        });
    }

    @Test
    void aTeamsOwnDimensionWeightedLiveShowsPerModelAndDrivesTheComposite() throws Exception {
        // Given the task's weights set live with `llmwatch config set`, counting only a `tone` dimension
        int exit = Llmwatch.commandLine().execute("config", "set", "task/toned/answer",
                "{\"weights\": {\"correctness\": 0, \"format\": 0, \"efficiency\": 0, \"rubric\": 0, \"tone\": 1}}",
                "--bootstrap-servers", runtime.kafka().bootstrapServers());
        assertThat(exit).isZero();
        Instant now = Instant.now();
        assertThat(post("/v1/events", List.of(call("tone-1", now, "toned", "answer", "gpt-4.1", 0.001),
                call("tone-2", now, "toned", "answer", "gpt-4.1", 0.001))).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(leaderboard("toned")).singleElement().satisfies(row -> assertThat(row.calls()).isEqualTo(2)));

        // When a judge grades their tone afterwards
        assertThat(post("/v1/evaluations", List.of(
                new Evaluation(null, "tone-1", Instant.now(), "tone", 0.2, null, null, "judge"),
                new Evaluation(null, "tone-2", Instant.now(), "tone", 0.6, null, null, "judge"))).statusCode()).isEqualTo(202);

        // Then the leaderboard shows the tone per model, and the composite is the tone alone
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(leaderboard("toned")).singleElement().satisfies(row -> {
                    assertThat(row.dimensions()).containsKeys("tone", "format");
                    assertThat(row.dimensions().get("tone").mean()).isCloseTo(0.4, within(1e-9));
                    assertThat(row.dimensions().get("tone").n()).isEqualTo(2);
                    assertThat(row.dimensions().get("format").n()).isEqualTo(2);
                    assertThat(row.qualityMean()).isCloseTo(0.4, within(1e-9));
                    assertThat(row.qualityN()).isEqualTo(2);
                }));
    }

    private static LlmCall call(String id, Instant timestamp, String app, String task, String model, double cost) {
        return Json.mapper().convertValue(Map.of("call_id", id, "timestamp", timestamp.toString(), "app", app,
                "task_type", task, "provider", "openai", "request_model", model, "response_model", model,
                "output_text", "ok", "latency_ms", 100, "cost", new Cost(cost, "USD", null, null)), LlmCall.class);
    }

    private static List<LeaderboardRow> leaderboard(String app) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.queryPort() + "/api/leaderboard?app=" + app)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readValue(response.body(), ROWS);
    }

    private static HttpResponse<String> post(String path, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.collectorPort() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
