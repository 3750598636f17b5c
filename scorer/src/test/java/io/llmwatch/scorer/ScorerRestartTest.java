package io.llmwatch.scorer;

import io.llmwatch.config.KafkaClientSettings;
import static io.llmwatch.scorer.CallFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * A scorer stopped in the middle of its input and started again on the same state directory, with
 * producer re-sends (duplicates) on both sides of the restart: every call is scored once and counted
 * once in the window statistics — nothing lost, nothing double-counted.
 */
class ScorerRestartTest {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final LlmwatchConfig CONFIG =
            LlmwatchConfig.withPipeline(new PipelineConfig(WINDOW, Duration.ZERO, null, null, null));

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        // lets the scorers below run with a session shorter than the broker's 6 s minimum
        kafka = EmbeddedKafka.builder().brokerConfig("group.min.session.timeout.ms", "1000").start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void aRestartNeitherLosesNorDoubleCountsACall() throws Exception {
        long now = System.currentTimeMillis();
        Instant base = Instant.ofEpochMilli(now - now % WINDOW.toMillis() - Duration.ofMinutes(1).toMillis());
        try (KafkaProducer<String, LlmCall> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), Topics.CALLS.valueSerde().serializer());
             TopicReader<ScoredCall> scored = new TopicReader<>(kafka.bootstrapServers(), Topics.SCORED);
             TopicReader<ModelStats> stats = new TopicReader<>(kafka.bootstrapServers(), Topics.MODEL_STATS)) {
            // Given 60 calls (40 per window of event time), ten of them sent twice, scored by a scorer that then stops
            send(producer, base, 0, 60);
            send(producer, base, 0, 10);
            try (ScorerService scorer = new ScorerService(KafkaClientSettings.of(kafka.bootstrapServers()), CONFIG, CallFixture.CATALOG, stateDir,
                    shortSession())) {
                scorer.start();
                await().atMost(PATIENCE).until(() -> scored.poll().size() >= 30);
            }

            // When 60 more calls arrive while it is down, with ten re-sends of the
            // first batch, and it starts again on the same state; once they are counted, a call far
            // later closes the windows
            send(producer, base, 60, 120);
            send(producer, base, 20, 30);
            try (ScorerService scorer = new ScorerService(KafkaClientSettings.of(kafka.bootstrapServers()), CONFIG, CallFixture.CATALOG, stateDir,
                    shortSession())) {
                scorer.start();
                await().atMost(PATIENCE).until(() -> ClosedWindows.countedCalls(stats) >= 120);
                producer.send(new ProducerRecord<>(Topics.CALLS.name(), "closing",
                        call("closing", base.plus(WINDOW.multipliedBy(10))).build())).get();

                // Then every call is scored exactly once
                await().atMost(PATIENCE).until(() -> scored.poll().size() >= 121);
                // and the three closed windows count exactly the 120 distinct calls
                await().atMost(PATIENCE).until(() -> ClosedWindows.of(stats).size() >= 3);
            }
            assertThat(scored.poll()).extracting(ScoredCall::callId).doesNotHaveDuplicates().hasSize(121);
            assertThat(ClosedWindows.of(stats)).extracting(ModelStats::calls).containsExactly(40L, 40L, 40L);
        }
    }

    /**
     * Streams members do not leave their group on close, so the restarted scorer waits for the first
     * one's session to expire before it gets the partitions: 3 s here instead of the client's 45 s
     * default, which was most of this test's time. The restart still goes through a rebalance with
     * dynamic membership. Output becomes visible as transactions commit: every 100 ms, not every second.
     */
    private static Properties shortSession() {
        Properties overrides = new Properties();
        overrides.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 3000);
        overrides.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
        overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return overrides;
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
