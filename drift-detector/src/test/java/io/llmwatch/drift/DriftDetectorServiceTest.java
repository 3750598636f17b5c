package io.llmwatch.drift;

import io.llmwatch.config.KafkaClientSettings;
import static io.llmwatch.drift.StatsBuilder.model;
import static io.llmwatch.drift.StatsBuilder.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.topic.Topics;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

/** {@link DriftDetectorService} on a real broker, fed and read with plain Kafka clients. */
class DriftDetectorServiceTest {

    private static final LlmwatchConfig CONFIG = LlmwatchConfig.read(new ByteArrayInputStream("""
            pipeline: {window: 1h, hysteresis_windows: 2, horizon_windows: 1}
            tasks:
              - {app: support, task_type: summarize-ticket, incumbent: gpt-4.1}
            """.getBytes(StandardCharsets.UTF_8)), "test");
    private static final Duration STARTUP = Duration.ofMinutes(1);
    private static final Duration OUTPUT = Duration.ofSeconds(60);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        // lets the detector's members below run with a session shorter than the broker's 6 s minimum
        kafka = EmbeddedKafka.builder().brokerConfig("group.min.session.timeout.ms", "1000").start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void anOptimumChangeIsAlertedOnceAcrossRestarts(@TempDir Path stateDir, @TempDir Path emptyStateDir)
            throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer();
                TopicReader<DriftAlert> alerts = new TopicReader<>(kafka.bootstrapServers(), Topics.ALERTS);
                TopicReader<Recommendation> recommendations = new TopicReader<>(kafka.bootstrapServers(), Topics.RECOMMENDATIONS)) {
            // Given the detector running
            whileRunning(stateDir, () -> {
                // When gpt-4.1-mini is non-inferior to gpt-4.1 in windows 1 and 2 (window 3 closes window 2)
                publish(producer, recommendations, 0, false);
                publish(producer, recommendations, 1, true);
                publish(producer, recommendations, 2, true);
                publish(producer, recommendations, 3, true);

                // Then a subscriber of llmwatch.alerts reads one OPTIMAL_MODEL_CHANGED alert
                await().atMost(OUTPUT).until(() -> !alerts.poll().isEmpty());
                DriftAlert alert = alerts.values().get(0);
                assertThat(alert.type()).isEqualTo(AlertType.OPTIMAL_MODEL_CHANGED);
                assertThat(alert.window()).isEqualTo(window(2));
                assertThat(alert.evidence().fromModel()).isEqualTo("gpt-4.1");
                assertThat(alert.evidence().toModel()).isEqualTo("gpt-4.1-mini");
                assertThat(alert.evidence().projectedMonthlySavings()).isCloseTo(3_456, within(1e-6));
                // (read as they come: llmwatch.recommendations is compacted, one key per task)
                awaitRecommendationFor(recommendations, window(2));
            });

            // When it restarts on its state directory, and later with its local state lost, as windows go on
            whileRunning(stateDir, () -> {
                publish(producer, recommendations, 4, true);
                awaitRecommendationFor(recommendations, window(3));
            });
            whileRunning(emptyStateDir, () -> {
                publish(producer, recommendations, 5, true);
                awaitRecommendationFor(recommendations, window(4));
            });

            // Then the accepted optimum was remembered: no second alert, gpt-4.1-mini still recommended
            assertThat(alerts.readToEnd(OUTPUT)).hasSize(1);
            assertThat(recommendations.readToEnd(OUTPUT)).extracting(Recommendation::window)
                    .containsExactly(window(0), window(1), window(2), window(3), window(4));
            assertThat(recommendations.readToEnd(OUTPUT)).extracting(Recommendation::recommendedModel)
                    .containsExactly("gpt-4.1", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-mini", "gpt-4.1-mini");
        }
    }

    /** Runs the detector for the duration of {@code body}, then closes it as a restart would. */
    private static void whileRunning(Path stateDir, Body body) throws Exception {
        // Streams members do not leave their group on close: a short session (3 s, not 45 s) lets the
        // restarted member take over sooner. Each window below waits for the one before to be decided,
        // which is visible when its transaction commits: every 100 ms here, not every second.
        Properties overrides = new Properties();
        overrides.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 3000);
        overrides.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
        overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        try (DriftDetectorService detector =
                new DriftDetectorService(KafkaClientSettings.of(kafka.bootstrapServers()), CONFIG, stateDir, overrides).start()) {
            assertThat(detector.awaitRunning(STARTUP)).as("detector running").isTrue();
            body.run();
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void awaitRecommendationFor(TopicReader<Recommendation> recommendations, TimeWindow window) {
        await().atMost(OUTPUT).until(() -> recommendations.poll().stream().anyMatch(r -> r.window().equals(window)));
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * One window as the scorer publishes it: gpt-4.1's statistics, which close the window before, then
     * gpt-4.1-mini's latest comparison, non-inferior or not. The two come from different topics and
     * partitions, so the comparison is sent only once the window before has been decided, lest it
     * be decided on a comparison that belongs to this one.
     */
    private static void publish(KafkaProducer<String, byte[]> producer, TopicReader<Recommendation> decided, int window,
            boolean miniNonInferior)
            throws Exception {
        ModelStats stats = model("gpt-4.1").cost(0.010).quality(0.918, 510).in(window);
        producer.send(new ProducerRecord<>(Topics.MODEL_STATS.name(), null, stats.window().end().toEpochMilli() - 1,
                stats.key().toString(), Topics.MODEL_STATS.valueSerde().serializer().serialize("", stats))).get();
        if (window > 0) {
            awaitRecommendationFor(decided, window(window - 1));
        }
        ComparisonBuilder mini = ComparisonBuilder.candidate("gpt-4.1-mini");
        Comparison comparison = (miniNonInferior ? mini : mini.evidence(40, -0.004, -0.08, 0.07)).at(window);
        producer.send(new ProducerRecord<>(Topics.COMPARISONS.name(), null, stats.window().end().toEpochMilli() - 1,
                comparison.key().toString(), Topics.COMPARISONS.valueSerde().serializer().serialize("", comparison))).get();
    }
}
