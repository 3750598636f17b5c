package io.llmwatch.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.price.PriceCatalog;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run scorer drift-detector} alone serves health, readiness and metrics on {@code --management-port};
 * the scorer runs the stream threads it is given ({@code --scorer-threads}), the drift detector its one.
 */
class ManagementPortTest {

    @TempDir
    Path stateDir;

    @Test
    void streamsComponentsRunAloneServeProbesAndMetricsOnTheManagementPort() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        LlmwatchRuntime.Options options = new LlmwatchRuntime.Options(EnumSet.of(Component.SCORER, Component.DRIFT_DETECTOR),
                null, 0, 0, 0, stateDir, LlmwatchConfig.empty(), PriceCatalog.defaults(), 1).withManagementPort(port).withScorerThreads(2);
        try (LlmwatchRuntime runtime = LlmwatchRuntime.start(options)) {
            assertThat(runtime.managementPort()).isEqualTo(port);
            assertThat(runtime.awaitRunning(Duration.ofSeconds(60))).isTrue();

            await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/readyz").statusCode() == 200);
            HttpResponse<String> health = get(port, "/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("llmwatch-scorer", "llmwatch-drift-detector", "\"kafka\"", "RUNNING");
            assertThat(get(port, "/metrics").body())
                    .contains("kafka_stream_thread_process_rate", "kafka_consumer_", "jvm_memory_used_bytes",
                            "process_cpu_usage", "process_uptime_seconds");
            assertThat(streamThreads(get(port, "/metrics").body(), "llmwatch-scorer")).containsExactlyInAnyOrder("1", "2");
            assertThat(streamThreads(get(port, "/metrics").body(), "llmwatch-drift-detector")).containsExactly("1");
        }
    }

    /** The indexes of an application's stream threads, from their thread_id tags. */
    private static Set<String> streamThreads(String metrics, String applicationId) {
        Matcher thread = Pattern.compile("thread_id=\"" + applicationId + "-[0-9a-f-]{36}-StreamThread-(\\d+)\"").matcher(metrics);
        Set<String> indexes = new TreeSet<>();
        while (thread.find()) {
            indexes.add(thread.group(1));
        }
        return indexes;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
