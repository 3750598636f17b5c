package io.llmwatch.collector.ingest;

import io.llmwatch.config.KafkaClientSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A collector whose Kafka never answers: it must fail fast and say so, never hang or claim success. */
class CollectorServerKafkaDownTest {

    private static CollectorServer server;
    private static Http http;

    @BeforeAll
    static void start() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CollectorOptions options = CollectorOptions.builder(KafkaClientSettings.of("127.0.0.1:" + closedPort)).eventTimes(CollectorServerTest.ARCHIVE)
                .port(0)
                .sendTimeout(Duration.ofSeconds(1)).build();
        server = new CollectorServer(options, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        http = new Http(server.start());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eventsAreAnswered503WithRetryAfterAndHealthTurnsUnavailable() {
        String call = """
                {"call_id": "c-1", "timestamp": "2024-05-01T12:00:00Z", "app": "support",
                 "task_type": "summarize-ticket", "request_model": "gpt-4.1"}""";

        HttpResponse<String> response = http.post(CollectorServer.EVENTS_PATH, "[" + call + "," + call + "]");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue(Integer.toString(CollectorServer.RETRY_AFTER_SECONDS));
        JsonNode error = Http.json(response);
        assertThat(error.get("error").asText()).isEqualTo("kafka_unavailable");

        HttpResponse<String> health = http.get(CollectorServer.HEALTH_PATH);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(Http.json(health).get("status").asText()).isEqualTo("unavailable");
        assertThat(Http.json(health).get("reason").asText()).contains("Kafka");
    }

    @Test
    void closeIsIdempotent() {
        CollectorServer other = new CollectorServer(CollectorOptions.builder(KafkaClientSettings.of("127.0.0.1:9")).port(0).build(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        other.start();
        other.close();
        other.close();
    }
}
