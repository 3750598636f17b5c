package io.llmwatch.scorer;

import static io.llmwatch.scorer.CallFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.PipelineConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ScoredCall;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The transactional errors the broker logs under exactly-once load (CONCURRENT_TRANSACTIONS,
 * OutOfOrderSequenceException "Expected sequence 0 for transactions v2 idempotent producer with no
 * existing state"; see docs/fault-suite.md) are harmless: the same input scored exactly-once and
 * at-least-once gives the same scored call per call_id, the exactly-once output has no duplicate,
 * and whatever aborted transactions wrote is invisible to a read_committed consumer. The errors and
 * the aborted records are counted, not assumed away. Over a minute of load: runs with {@code -Pfaults}.
 */
@Tag("faults-full")
class TransactionalErrorsTest {

    /** 20,000 under {@code -Pfaults}: the errors show under load. */
    private static final int CALLS = Integer.getInteger("faults.calls", 5_000);
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final LlmwatchConfig CONFIG =
            LlmwatchConfig.withPipeline(new PipelineConfig(Duration.ofSeconds(10), Duration.ZERO, null, null, null));

    /** What one run produced on llmwatch.scored. */
    record Output(Map<String, ScoredCall> byCallId, long committedRecords, long allRecords) {
    }

    @Test
    void exactlyOnceOutputEqualsAtLeastOnceOutputByCallIdWhateverTheBrokerLogs(@TempDir Path exactlyDir,
            @TempDir Path atLeastDir) throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        Instant base = Instant.now().minus(Duration.ofMinutes(5));
        Output exactly;
        Output atLeast;
        try {
            exactly = run(exactlyDir, new Properties(), base);
        } finally {
            root.detachAppender(logs);
        }
        Properties alos = new Properties();
        alos.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        alos.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        atLeast = run(atLeastDir, alos, base);

        long concurrent = logs.list.stream().filter(e -> e.getFormattedMessage().contains("CONCURRENT_TRANSACTIONS")).count();
        long outOfOrder = logs.list.stream().filter(e -> e.getFormattedMessage().contains("OutOfOrderSequenceException")
                || (e.getThrowableProxy() != null && e.getThrowableProxy().getClassName().endsWith("OutOfOrderSequenceException")))
                .count();
        System.out.printf("transactional errors: %d calls scored exactly-once: CONCURRENT_TRANSACTIONS logged %d times,"
                        + " OutOfOrderSequenceException %d; %d records on llmwatch.scored, %d of them aborted, %d committed"
                        + " for %d distinct calls; at-least-once: %d records for %d distinct calls%n",
                CALLS, concurrent, outOfOrder, exactly.allRecords(), exactly.allRecords() - exactly.committedRecords(),
                exactly.committedRecords(), exactly.byCallId().size(), atLeast.allRecords(), atLeast.byCallId().size());

        assertThat(exactly.byCallId()).hasSize(CALLS);
        assertThat(exactly.committedRecords()).as("exactly-once: one committed record per call").isEqualTo(CALLS);
        assertThat(exactly.byCallId()).isEqualTo(atLeast.byCallId());
    }

    /** Scores the same calls on a broker of its own and reads what the scorer wrote. */
    private static Output run(Path stateDir, Properties overrides, Instant base) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(2).start()) {
            try (KafkaProducer<String, LlmCall> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 10),
                    new StringSerializer(), Topics.CALLS.valueSerde().serializer())) {
                for (int i = 0; i < CALLS; i++) {
                    LlmCall call = call("call-" + i, base.plusMillis(i * 10L)).build();
                    producer.send(new ProducerRecord<>(Topics.CALLS.name(), call.callId(), call));
                }
                producer.flush();
            }
            try (TopicReader<ScoredCall> scored = new TopicReader<>(kafka.bootstrapServers(), Topics.SCORED);
                    ScorerService scorer = new ScorerService(KafkaClientSettings.of(kafka.bootstrapServers()), CONFIG, CallFixture.CATALOG, stateDir,
                            overrides)) {
                scorer.start();
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> distinct(scored.poll()) >= CALLS);
            }
            try (TopicReader<ScoredCall> committed = new TopicReader<>(kafka.bootstrapServers(), Topics.SCORED)) {
                List<ConsumerRecord<String, ScoredCall>> records = readAll(committed);
                Map<String, ScoredCall> byCallId = new HashMap<>();
                records.forEach(r -> byCallId.put(r.value().callId(), r.value()));
                return new Output(byCallId, records.size(), uncommittedCount(kafka.bootstrapServers()));
            }
        }
    }

    private static List<ConsumerRecord<String, ScoredCall>> readAll(TopicReader<ScoredCall> reader) {
        reader.readToEnd(PATIENCE);
        return reader.records();
    }

    private static long distinct(List<ScoredCall> calls) {
        return calls.stream().map(ScoredCall::callId).distinct().count();
    }

    /** Every record on llmwatch.scored, those of aborted transactions included. */
    private static long uncommittedCount(String bootstrap) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SCORED.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long count = 0;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }
}
