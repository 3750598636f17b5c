package io.llmwatch.scorer;

import io.llmwatch.config.KafkaClientSettings;
import static io.llmwatch.scorer.CallFixture.call;
import static io.llmwatch.scorer.CallFixture.evaluation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.PipelineConfig;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scorer running for real against a broker: plain clients in, plain clients out. */
class ScorerServiceTest {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The fixture's output exactly: correctness 1. */
    private static final String MATCHING_REFERENCE = "{\"expected_output\":\"A short summary.\"}";

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void scores_calls_joins_a_late_evaluation_and_publishes_window_statistics() throws Exception {
        LlmwatchConfig config = LlmwatchConfig.withPipeline(new PipelineConfig(WINDOW, Duration.ZERO, null, null, null));
        // Event times near now (the broker's retention applies to them), at the start of a window.
        long now = System.currentTimeMillis();
        Instant window = Instant.ofEpochMilli(now - now % WINDOW.toMillis() - Duration.ofMinutes(1).toMillis());

        try (ScorerService scorer = new ScorerService(KafkaClientSettings.of(kafka.bootstrapServers()), config, CallFixture.CATALOG, stateDir);
             KafkaProducer<String, byte[]> producer = producer();
             Reader<ScoredCall> scored = new Reader<>(Topics.SCORED);
             Reader<ModelStats> stats = new Reader<>(Topics.MODEL_STATS)) {
            scorer.start();
            assertThat(scorer.awaitRunning(PATIENCE)).isTrue();

            // Given two calls that match their reference (quality 1) and a duplicate of the first
            send(producer, call("a", window.plusMillis(100)).withReference(MATCHING_REFERENCE).build());
            send(producer, call("b", window.plusMillis(500)).withReference(MATCHING_REFERENCE).build());
            send(producer, call("a", window.plusMillis(100)).withReference(MATCHING_REFERENCE).build());
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(scored.poll()).extracting(ScoredCall::callId).containsExactly("a", "b"));
            assertThat(scored.records()).extracting(call -> call.scores().quality()).containsExactly(1.0, 1.0);

            // When an evaluation of the second arrives after it
            send(producer, evaluation("b", window.plusSeconds(1), "quality", 0.3));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(scored.poll()).hasSize(3));
            assertThat(scored.records().get(2).scores().quality()).isEqualTo(0.3);

            // and a call of a later window closes the first window
            send(producer, call("c", window.plusSeconds(10)).build());

            // Then the window is published closed, counting two calls with the evaluated quality
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(stats.poll()).anyMatch(s -> !s.open()));
            ModelStats first = stats.records().stream().filter(s -> !s.open()).findFirst().orElseThrow();
            assertThat(first.key().toString()).isEqualTo("shop/summarize/gpt-4.1-mini");
            assertThat(first.window().start()).isEqualTo(window);
            assertThat(first.window().end()).isEqualTo(window.plus(WINDOW));
            assertThat(first.calls()).isEqualTo(2);
            assertThat(first.qualityN()).isEqualTo(2);
            assertThat(first.qualityMean()).isCloseTo((1.0 + 0.3) / 2, within(1e-9));
            assertThat(first.pricedCalls()).isEqualTo(2);
            assertThat(scored.poll()).extracting(ScoredCall::callId).containsExactly("a", "b", "b", "c");
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes a call as llmwatch's producers do: keyed by call_id, as JSON bytes. */
    static void send(KafkaProducer<String, byte[]> producer, LlmCall call) throws Exception {
        producer.send(new ProducerRecord<>(Topics.CALLS.name(), call.callId(),
                Topics.CALLS.valueSerde().serializer().serialize(Topics.CALLS.name(), call))).get();
    }

    private static void send(KafkaProducer<String, byte[]> producer, Evaluation evaluation) throws Exception {
        producer.send(new ProducerRecord<>(Topics.EVALUATIONS.name(), evaluation.callId(),
                Topics.EVALUATIONS.valueSerde().serializer().serialize(Topics.EVALUATIONS.name(), evaluation))).get();
    }

    /** Reads a topic from the beginning, committed records only (the scorer writes exactly-once). */
    private static final class Reader<V> implements AutoCloseable {

        private final KafkaConsumer<String, V> consumer;
        private final List<V> records = new CopyOnWriteArrayList<>();

        Reader(Topic<String, V> topic) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), topic.valueSerde().deserializer());
            consumer.subscribe(List.of(topic.name()));
        }

        /** Everything read so far, after one more poll. */
        List<V> poll() {
            for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                records.add(record.value());
            }
            return List.copyOf(records);
        }

        List<V> records() {
            return List.copyOf(records);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
