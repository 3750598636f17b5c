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
import io.llmwatch.event.Usage;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scorer with two stream threads ({@code run --scorer-threads 2}, as the compose file runs it)
 * on four partitions: both threads work, and the window statistics count every call once and add
 * up to the spend of the calls scored, duplicates included in the input.
 */
class ScorerThreadsTest {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** The four partitions' calls meet in the statistics task out of event-time order: the grace covers the input's span. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final LlmwatchConfig CONFIG =
            LlmwatchConfig.withPipeline(new PipelineConfig(WINDOW, GRACE, null, null, null));
    private static final int CALLS = 300;

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().partitions(4).start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void twoStreamThreadsShareTheWorkAndCountEveryCallAndItsCostOnce() throws Exception {
        long now = System.currentTimeMillis();
        Instant base = Instant.ofEpochMilli(now - now % WINDOW.toMillis() - Duration.ofMinutes(1).toMillis());
        Properties twoThreads = new Properties();
        twoThreads.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        twoThreads.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        try (KafkaProducer<String, LlmCall> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), Topics.CALLS.valueSerde().serializer());
             TopicReader<ScoredCall> scored = new TopicReader<>(kafka.bootstrapServers(), Topics.SCORED);
             TopicReader<ModelStats> stats = new TopicReader<>(kafka.bootstrapServers(), Topics.MODEL_STATS);
             ScorerService scorer = new ScorerService(KafkaClientSettings.of(kafka.bootstrapServers()), CONFIG,
                     CallFixture.CATALOG, stateDir, twoThreads)) {
            // Given a scorer whose two stream threads both have tasks
            scorer.start();
            await().atMost(PATIENCE).until(() -> scorer.awaitRunning(Duration.ZERO)
                    && scorer.streams().metadataForLocalThreads().stream().allMatch(t -> !t.activeTasks().isEmpty()));
            assertThat(scorer.streams().metadataForLocalThreads()).extracting(ThreadMetadata::threadName).hasSize(2);

            // When 300 calls of different sizes arrive over 3 windows, every tenth sent twice,
            // and, once the open windows hold them, a call far later closes the windows
            for (int i = 0; i < CALLS; i++) {
                LlmCall call = call("call-" + i, base.plusMillis(i * 20L + 1)).withUsage(Usage.of(100 + 7 * i, 10 + i)).build();
                producer.send(new ProducerRecord<>(Topics.CALLS.name(), call.callId(), call));
                if (i % 10 == 0) {
                    producer.send(new ProducerRecord<>(Topics.CALLS.name(), call.callId(), call));
                }
            }
            producer.flush();
            await().atMost(PATIENCE).until(() -> ClosedWindows.countedCalls(stats) >= CALLS);
            producer.send(new ProducerRecord<>(Topics.CALLS.name(), "closing",
                    call("closing", base.plus(WINDOW.multipliedBy(20)).plus(GRACE)).build()));
            producer.flush();

            // Then each call is scored once, and the closed windows count the calls and their spend once
            await().atMost(PATIENCE).until(() -> scored.poll().size() >= CALLS + 1);
            await().atMost(PATIENCE).until(() -> ClosedWindows.of(stats).size() >= 3);
            List<ScoredCall> all = scored.poll();
            assertThat(all).extracting(ScoredCall::callId).doesNotHaveDuplicates().hasSize(CALLS + 1);
            Map<Instant, Double> spendByWindow = new HashMap<>();
            all.stream().filter(s -> !s.callId().equals("closing")).forEach(s -> spendByWindow.merge(
                    Instant.ofEpochMilli(s.timestamp().toEpochMilli() - s.timestamp().toEpochMilli() % WINDOW.toMillis()),
                    s.cost().amount(), Double::sum));
            List<ModelStats> closed = ClosedWindows.of(stats).subList(0, 3);
            assertThat(closed).extracting(ModelStats::calls).containsExactly(100L, 100L, 100L);
            for (ModelStats window : closed) {
                assertThat(window.costSum()).as("spend in " + window.window().start())
                        .isCloseTo(spendByWindow.get(window.window().start()), Offset.offset(1e-9));
            }
        }
    }
}
