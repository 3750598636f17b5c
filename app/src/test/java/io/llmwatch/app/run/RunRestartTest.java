package io.llmwatch.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.app.Llmwatch;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.json.Json;
import io.llmwatch.topic.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmwatch run all} in a child JVM, killed with SIGKILL after accepting calls and started again
 * on the same data dir: every accepted call is still counted, because the embedded broker's log
 * directory lives under the data dir next to the Streams state.
 */
class RunRestartTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int CALLS = 2_000;
    private static final int BATCH = 100;

    @TempDir
    Path dataDir;

    @Test
    void callsAcceptedBeforeAKillAreCountedAfterTheRestart() throws Exception {
        String key = ApiKeys.generate();
        String app = "restart-" + UUID.randomUUID();
        int kafkaPort = freePort();
        int collectorPort = freePort();
        int queryPort = freePort();

        Process first = startRun(key, kafkaPort, collectorPort, queryPort, "first");
        int accepted;
        try {
            awaitAccepting(first, collectorPort, key);
            accepted = postCalls(collectorPort, key, app);
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no clean broker stop
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(accepted).isEqualTo(CALLS);
        assertThat(dataDir.resolve("kafka")).isNotEmptyDirectory();

        Process second = startRun(key, kafkaPort, collectorPort, queryPort, "second");
        try {
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .untilAsserted(() -> {
                        assertThat(second.isAlive()).as(log("second")).isTrue();
                        // A call of another app, now, advances event time: the calls' window closes and is counted.
                        post(collectorPort, key, call(app + "-tick", "tick-" + UUID.randomUUID(), Instant.now()));
                        assertThat(countedCalls(queryPort, app)).isEqualTo(CALLS);
                    });
        } finally {
            second.destroy(); // a clean stop this time
            second.waitFor(60, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
        // A clean stop keeps the broker's data too (only the demo's temporary broker deletes its log)
        assertThat(dataDir.resolve("kafka").resolve(Topics.CALLS.name() + "-0")).as(log("second")).isNotEmptyDirectory();
    }

    private Process startRun(String key, int kafkaPort, int collectorPort, int queryPort, String name)
            throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classPath, Llmwatch.class.getName(), "run", "all",
                "--kafka-port", Integer.toString(kafkaPort), "--collector-port", Integer.toString(collectorPort),
                "--query-port", Integer.toString(queryPort), "--partitions", "1",
                // Static membership, as a restarted production instance runs (docs: --instance-id): the
                // restarted process takes its partitions back at once; with dynamic membership it waits
                // out the killed member's 45 s session first, which was most of this test's time.
                "--instance-id", "restart-test",
                "--state-dir", dataDir.resolve("state").toString(), "--kafka-dir", dataDir.resolve("kafka").toString())
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                // Drained to a file: a full pipe would block the child.
                .redirectOutput(dataDir.resolve(name + ".log").toFile());
        builder.environment().put("LLMWATCH_API_KEYS", key);
        return builder.start();
    }

    private void awaitAccepting(Process child, int collectorPort, String key) {
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(child.isAlive()).as(log("first")).isTrue();
                    assertThat(post(collectorPort, key, "[]").statusCode()).isLessThan(500);
                });
    }

    /**
     * Posts {@link #CALLS} calls, all in one stats window that ends a few minutes ago; returns how many
     * the collector accepted (202 = acknowledged by Kafka).
     */
    private static int postCalls(int collectorPort, String key, String app) throws Exception {
        int accepted = 0;
        Instant windowStart = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MINUTES);
        for (int start = 0; start < CALLS; start += BATCH) {
            StringJoiner batch = new StringJoiner(",", "[", "]");
            for (int i = start; i < start + BATCH; i++) {
                batch.add(call(app, app + "-" + i, windowStart.plusMillis(i)));
            }
            HttpResponse<String> response = post(collectorPort, key, batch.toString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            accepted += Json.mapper().readTree(response.body()).get("accepted").asInt();
        }
        return accepted;
    }

    private static String call(String app, String callId, Instant timestamp) {
        return """
                {"call_id": "%s", "timestamp": "%s", "app": "%s", "task_type": "summarize",
                 "provider": "openai", "request_model": "gpt-4.1-mini",
                 "output_text": "ok", "finish_reason": "stop",
                 "usage": {"input_tokens": 12, "output_tokens": 3}, "latency_ms": 420.5}"""
                .formatted(callId, timestamp, app);
    }

    private static long countedCalls(int queryPort, String app) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + queryPort + "/api/leaderboard?app=" + app)).build(),
                HttpResponse.BodyHandlers.ofString());
        long calls = 0;
        for (JsonNode row : Json.mapper().readTree(response.body())) {
            calls += row.get("calls").asLong();
        }
        return calls;
    }

    private static HttpResponse<String> post(int port, String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                .header("Content-Type", "application/json")
                .header(ApiKeyFilter.KEY_HEADER, key)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String log(String name) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(dataDir.resolve(name + ".log")));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
