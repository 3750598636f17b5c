package io.llmwatch.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmwatch.app.run.Component;
import io.llmwatch.app.run.LlmwatchRuntime;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.TopicsConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * llmwatch (every component, as {@code run all}) against a real three-broker cluster of the
 * {@code apache/kafka} image: topics and Streams' internal topics with three replicas, and one broker
 * killed in the middle of the input.
 * Every call is scored once. Runs where a Docker engine is available; elsewhere (as in CI here)
 * JUnit reports it skipped: "disabledWithoutDocker is true and Docker is not available".
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaClusterTest {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    static KafkaNodes cluster;

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void startThreeBrokers() {
        cluster = KafkaNodes.start(3, Map.of());
    }

    @AfterAll
    static void stopBrokers() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void replicationThreeSurvivesABrokerKilledMidStream() throws Exception {
        KafkaClientSettings settings = new KafkaClientSettings(cluster.bootstrapServers(), Map.of(),
                new TopicsConfig(null, (short) 3, null));
        try (LlmwatchRuntime runtime = LlmwatchRuntime.start(new LlmwatchRuntime.Options(EnumSet.allOf(Component.class),
                settings, 0, 0, 0, stateDir, LlmwatchConfig.empty(), PriceCatalog.defaults(), 6));
             Admin admin = Admin.create(settings.adminConfig());
             KafkaProducer<String, String> producer = new KafkaProducer<>(settings.clientConfig(Map.of(
                     ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(), new StringSerializer())) {
            assertThat(runtime.awaitRunning(PATIENCE)).isTrue();
            assertThat(admin.describeTopics(List.of(Topics.CALLS.name())).allTopicNames().get()
                    .get(Topics.CALLS.name()).partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));

            send(producer, 0, 200);
            cluster.kill(2);
            send(producer, 200, 400);

            Set<String> scored = new HashSet<>();
            try (KafkaConsumer<String, ScoredCall> consumer = new KafkaConsumer<>(settings.clientConfig(Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, "it-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new StringDeserializer(),
                    Topics.SCORED.valueSerde().deserializer())) {
                consumer.subscribe(List.of(Topics.SCORED.name()));
                await().atMost(PATIENCE).until(() -> {
                    consumer.poll(Duration.ofMillis(500)).forEach(r ->
                            assertThat(scored.add(r.value().callId())).as("scored once: %s", r.value().callId()).isTrue());
                    return scored.size() >= 400;
                });
            }
            assertThat(scored).hasSize(400);
        }
    }

    private static void send(KafkaProducer<String, String> producer, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            String id = "it-" + i;
            LlmCall call = Json.mapper().readValue("""
                    {"call_id": "%s", "timestamp": "%s", "app": "support", "task_type": "chat",
                     "request_model": "gpt-4.1-mini", "model": "gpt-4.1-mini", "usage": {"input_tokens": 10, "output_tokens": 5}}"""
                    .formatted(id, Instant.now()), LlmCall.class);
            producer.send(new ProducerRecord<>(Topics.CALLS.name(), id, Json.mapper().writeValueAsString(call)));
        }
        producer.flush();
    }
}
