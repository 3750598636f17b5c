package io.llmwatch.scorer;

import static io.llmwatch.scorer.CallFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.PipelineConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scorer instances (as {@code docker compose up --scale scorer=2} runs them) share the 6
 * partitions of {@code llmwatch.calls}; one stops in the middle of the input. Every call is scored
 * once and the window statistics count each call once: nothing lost, nothing counted twice.
 */
class ScorerScaleOutTest {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /**
     * The statistics are keyed by model, so the 6 partitions' calls meet in one repartition
     * partition, interleaved as the tasks happen to run: out of event-time order by up to the span
     * of the input (6 s here). The grace must cover that, or calls are dropped as late; it is zero
     * only in the single-partition tests.
     */
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final LlmwatchConfig CONFIG =
            LlmwatchConfig.withPipeline(new PipelineConfig(WINDOW, GRACE, null, null, null));

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        // lets the scorers run with a session shorter than the broker's 6 s minimum
        kafka = EmbeddedKafka.builder().partitions(6).brokerConfig("group.min.session.timeout.ms", "1000").start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void twoInstancesShareThePartitionsAndStoppingOneLosesNothing() throws Exception {
        long now = System.currentTimeMillis();
        Instant base = Instant.ofEpochMilli(now - now % WINDOW.toMillis() - Duration.ofMinutes(1).toMillis());
        KafkaClientSettings settings = KafkaClientSettings.of(kafka.bootstrapServers());
        try (KafkaProducer<String, LlmCall> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), Topics.CALLS.valueSerde().serializer());
             TopicReader<ScoredCall> scored = new TopicReader<>(kafka.bootstrapServers(), Topics.SCORED);
             TopicReader<ModelStats> stats = new TopicReader<>(kafka.bootstrapServers(), Topics.MODEL_STATS);
             ScorerService second = new ScorerService(settings, CONFIG, CallFixture.CATALOG, stateDir.resolve("second"), quickFailover())) {
            // Given two instances of one application, each with its own state directory
            ScorerService first = new ScorerService(settings, CONFIG, CallFixture.CATALOG, stateDir.resolve("first"), quickFailover());
            try (first) {
                first.start();
                second.start();
                await().atMost(PATIENCE).until(() -> activeTasks(first) > 0 && activeTasks(second) > 0
                        && first.awaitRunning(Duration.ZERO) && second.awaitRunning(Duration.ZERO));

                // When 60 calls arrive and the first instance stops once some are scored
                send(producer, base, 0, 60);
                await().atMost(PATIENCE).until(() -> scored.poll().size() >= 20);
            }
            // and 60 more arrive for the instance left; once they are counted, a call far later closes the windows
            send(producer, base, 60, 120);
            await().atMost(PATIENCE).until(() -> scored.poll().size() >= 120);
            await().atMost(PATIENCE).until(() -> ClosedWindows.countedCalls(stats) >= 120);
            producer.send(new ProducerRecord<>(Topics.CALLS.name(), "closing",
                    call("closing", base.plus(WINDOW.multipliedBy(20)).plus(GRACE)).build())).get();

            // Then every call is scored once, and the three closed windows count the 120 calls once
            await().atMost(PATIENCE).until(() -> scored.poll().size() >= 121);
            await().atMost(PATIENCE).until(() -> ClosedWindows.of(stats).size() >= 3);
            assertThat(scored.poll()).extracting(ScoredCall::callId).doesNotHaveDuplicates().hasSize(121);
            assertThat(ClosedWindows.of(stats)).extracting(ModelStats::calls).containsExactly(40L, 40L, 40L);
        }
    }

    /**
     * A closing Streams instance does not leave its group: the other takes its partitions once its
     * session expires, 45 s by default: 3 s here. Output becomes visible as transactions commit:
     * every 100 ms here, not every second.
     */
    private static Properties quickFailover() {
        Properties props = new Properties();
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 3_000);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        return props;
    }

    private static long activeTasks(ScorerService scorer) {
        return scorer.streams().metadataForLocalThreads().stream().mapToLong(t -> t.activeTasks().size()).sum();
    }

    /** Calls {@code from} to {@code to - 1}, one per 50 ms of event time after {@code base}. */
    private static void send(KafkaProducer<String, LlmCall> producer, Instant base, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            LlmCall call = call("call-" + i, base.plusMillis(i * 50L + 1)).build();
            producer.send(new ProducerRecord<>(Topics.CALLS.name(), call.callId(), call));
        }
        producer.flush();
    }
}
