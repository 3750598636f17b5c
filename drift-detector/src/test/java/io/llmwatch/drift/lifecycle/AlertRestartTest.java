package io.llmwatch.drift.lifecycle;

import io.llmwatch.config.KafkaClientSettings;
import static io.llmwatch.drift.StatsBuilder.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.drift.DriftDetectorService;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.ModelStats;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.topic.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert lifecycle across a restart of the real {@link DriftDetectorService} on a real broker
 * (TopologyTestDriver deletes its state directory on close, so it cannot show this), with a real
 * webhook receiving what the sinks post.
 */
class AlertRestartTest {

    private static final Duration STARTUP = Duration.ofMinutes(1);
    private static final Duration OUTPUT = Duration.ofSeconds(60);

    private static EmbeddedKafka kafka;
    private static HttpServer webhook;
    private static final List<DriftAlert> posted = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        kafka = EmbeddedKafka.start();
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/hook", exchange -> {
            posted.add(Json.mapper().readValue(exchange.getRequestBody().readAllBytes(), DriftAlert.class));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
    }

    @AfterAll
    static void stop() {
        webhook.stop(0);
        kafka.close();
    }

    private static LlmwatchConfig config() {
        String yaml = """
                pipeline: {window: 1h, hysteresis_windows: 2, horizon_windows: 1}
                alerts: {cooldown: 6h}
                tasks:
                  - {app: support, task_type: summarize-ticket, incumbent: gpt-4.1}
                webhooks:
                  ops: {url: "http://127.0.0.1:%d/hook"}
                """.formatted(webhook.getAddress().getPort());
        return LlmwatchConfig.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void aFiringConditionIsNeitherFiredAgainNorForgottenAcrossARestart(@TempDir Path stateDir) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer();
                TopicReader<DriftAlert> alerts = new TopicReader<>(kafka.bootstrapServers(), Topics.ALERTS)) {
            // Given the detector running, when gpt-4.1's quality falls from 0.918 to 0.842 in window 6
            whileRunning(stateDir, () -> {
                for (int w = 0; w <= 7; w++) {
                    publish(producer, w, w < 6 ? 0.918 : 0.842);
                }
                // Then QUALITY_DRIFT fires, on llmwatch.alerts and at the webhook
                await().atMost(OUTPUT).until(() -> !alerts.poll().isEmpty());
                await().atMost(OUTPUT).until(() -> !posted.isEmpty());
            });
            DriftAlert fired = alerts.values().get(0);
            assertThat(fired.type()).isEqualTo(AlertType.QUALITY_DRIFT);
            assertThat(fired.status()).isEqualTo(AlertStatus.FIRING);

            // When it restarts on its state directory, the drop holds one more window, then quality is back
            whileRunning(stateDir, () -> {
                publish(producer, 8, 0.842);
                publish(producer, 9, 0.918);
                publish(producer, 10, 0.918);
                await().atMost(OUTPUT).until(() -> alerts.poll().size() >= 2);
            });

            // Then the condition was not fired again, and its resolution was sent: the state survived the restart
            List<DriftAlert> sent = alerts.readToEnd(OUTPUT);
            assertThat(sent).extracting(DriftAlert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
            assertThat(sent.get(1).evidence().details()).containsEntry("resolves", fired.alertId());
            // And the webhook received the same two alerts
            await().atMost(OUTPUT).until(() -> posted.size() >= 2);
            assertThat(posted).extracting(DriftAlert::alertId).containsExactly(fired.alertId(), sent.get(1).alertId());
        }
    }

    /** Runs the detector for the duration of {@code body}, then closes it as a restart would. */
    private static void whileRunning(Path stateDir, Body body) throws Exception {
        // Streams members do not leave their group on close: a short session lets the restarted member take over sooner.
        Properties overrides = new Properties();
        overrides.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        try (DriftDetectorService detector =
                new DriftDetectorService(KafkaClientSettings.of(kafka.bootstrapServers()), config(), stateDir, overrides).start()) {
            assertThat(detector.awaitRunning(STARTUP)).as("detector running").isTrue();
            body.run();
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** gpt-4.1's statistics of one window, as the scorer publishes them. */
    private static void publish(KafkaProducer<String, byte[]> producer, int window, double quality) throws Exception {
        ModelStats stats = model("gpt-4.1").cost(0.010).quality(quality + (window % 2 == 0 ? 0.003 : -0.003), 510)
                .in(window);
        producer.send(new ProducerRecord<>(Topics.MODEL_STATS.name(), null, stats.window().end().toEpochMilli() - 1,
                stats.key().toString(), Topics.MODEL_STATS.valueSerde().serializer().serialize("", stats))).get();
    }
}
