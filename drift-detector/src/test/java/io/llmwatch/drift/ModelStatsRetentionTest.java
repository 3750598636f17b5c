package io.llmwatch.drift;

import static io.llmwatch.drift.StatsBuilder.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmwatch.event.ModelStats;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A window of statistics published late stays on {@code llmwatch.model-stats} until the drift
 * detector has read it. The scorer stamps each window with its start; when the topic's 7-day
 * retention counted from that stamp, the log cleaner (which applies the retention of compacted
 * topics, every 15 s) deleted a window of last month (an import, a catch-up) within seconds of its
 * publication, and a detector that was
 * restarting at that moment resumed past it without a word: the fault suite's drift detector SIGKILL
 * lost the alerts of the windows in flight (docs/known-limits.md, issue 14).
 */
class ModelStatsRetentionTest {

    private static final String WITNESS = "retention-witness";

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        // The retention of a compacted topic is applied by the log cleaner, every 15 s by default:
        // here every 100 ms
        kafka = EmbeddedKafka.builder().brokerConfig("log.cleaner.backoff.ms", "100").start();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void aWindowPublishedAMonthLateSurvivesTheRetentionCheck() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                        new StringSerializer(), new ByteArraySerializer())) {
            // Given a compacted topic whose retention deletes anything stamped more than a week ago
            admin.createTopics(List.of(new NewTopic(WITNESS, 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "compact,delete", "retention.ms", Long.toString(Duration.ofDays(7).toMillis())))))
                    .all().get();
            long monthAgo = Instant.now().minus(Duration.ofDays(30)).toEpochMilli();

            // When a window of last month is published, stamped as the scorer stamps it, and then a
            // record as old on the witness topic, and the cleaner's retention deletes the witness
            ModelStats window = model("gpt-4.1").quality(0.9, 600).in(0);
            producer.send(new ProducerRecord<>(Topics.MODEL_STATS.name(), null, monthAgo, window.key().toString(),
                    Topics.MODEL_STATS.valueSerde().serializer().serialize("", window))).get();
            producer.send(new ProducerRecord<>(WITNESS, null, monthAgo, "old", new byte[0])).get();
            await().atMost(Duration.ofMinutes(1)).until(() -> earliest(admin, WITNESS) > 0);

            // Then the window is still there for the detector to read
            assertThat(earliest(admin, Topics.MODEL_STATS.name())).isZero();
        }
    }

    private static long earliest(Admin admin, String topic) throws ExecutionException, InterruptedException {
        TopicPartition partition = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).partitionResult(partition).get().offset();
    }
}
