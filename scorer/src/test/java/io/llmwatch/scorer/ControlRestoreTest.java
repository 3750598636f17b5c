package io.llmwatch.scorer;

import static io.llmwatch.scorer.CallFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Usage;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The live configuration written before a scorer starts (or restarts) applies from its first call:
 * the control store is rebuilt from {@code llmwatch.control} at every start, and what it holds must
 * read exactly as the entries written while it runs.
 */
class ControlRestoreTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().partitions(1).start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void control_entries_written_before_the_scorer_starts_apply_to_its_first_calls() throws Exception {
        Instant now = Instant.now().minusSeconds(5);
        try (KafkaProducer<String, byte[]> control = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
             KafkaProducer<String, LlmCall> calls = new KafkaProducer<>(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                     new StringSerializer(), Topics.CALLS.valueSerde().serializer());
             TopicReader<ScoredCall> scored = new TopicReader<>(kafka.bootstrapServers(), Topics.SCORED)) {
            // Given a price for a model the catalog does not know, one overridden then removed, and one
            // overridden for good, all on the control topic before any scorer runs
            send(control, "price/mystery-1", "{\"input_per_mtok\": 3.0, \"output_per_mtok\": 15.0}");
            send(control, "price/gpt-4.1", "{\"input_per_mtok\": 9.0, \"output_per_mtok\": 9.0}");
            send(control, "price/gpt-4.1", null);
            send(control, "price/gpt-4.1-mini", "{\"input_per_mtok\": 0.5, \"output_per_mtok\": 0.5}");

            // When the scorer starts and scores calls of those models
            try (ScorerService scorer = new ScorerService(KafkaClientSettings.of(kafka.bootstrapServers()),
                    LlmwatchConfig.empty(), CallFixture.CATALOG, stateDir, new Properties())) {
                scorer.start();
                for (String model : List.of("mystery-1", "gpt-4.1", "gpt-4.1-mini")) {
                    LlmCall call = call(model, now).withModel(model).withUsage(Usage.of(1_000_000, 0)).build();
                    calls.send(new ProducerRecord<>(Topics.CALLS.name(), call.callId(), call));
                }
                calls.flush();

                // Then each is priced by the entries as they stood, exactly as if written while it ran
                await().atMost(PATIENCE).until(() -> scored.poll().size() >= 3);
                Map<String, ScoredCall> byId = new java.util.HashMap<>();
                scored.poll().forEach(s -> byId.put(s.callId(), s));
                assertThat(byId.get("mystery-1").cost().amount()).isCloseTo(3.0, within(1e-9));
                assertThat(byId.get("gpt-4.1-mini").cost().amount()).isCloseTo(0.5, within(1e-9));
                assertThat(byId.get("gpt-4.1").cost().amount())
                        .isCloseTo(CallFixture.CATALOG.cost("gpt-4.1", Usage.of(1_000_000, 0)).amount(), within(1e-9));
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String key, String json) throws Exception {
        producer.send(new ProducerRecord<>(Topics.CONTROL.name(), key, json == null ? null : json.getBytes(StandardCharsets.UTF_8)))
                .get();
    }
}
