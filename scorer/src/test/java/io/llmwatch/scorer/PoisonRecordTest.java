package io.llmwatch.scorer;

import io.llmwatch.config.KafkaClientSettings;
import static io.llmwatch.scorer.CallFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.PipelineConfig;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.streams.StreamsConfigs;
import io.llmwatch.streams.StreamsService;
import io.llmwatch.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One record must never stop the scorer. Reproduces the review's failure against a real broker: a
 * call stamped in the future was accepted, the broker refused the scorer's output stamped with it
 * ({@code message.timestamp.after.max.ms}), the stream thread died, {@code REPLACE_THREAD} read the
 * same record again, and no later call was ever scored. Here {@code llmwatch.scored} refuses
 * records more than 1 s ahead, so that a call 60 s ahead (inside the 5 min window, so the parse step
 * lets it through) still fails downstream: it must reach the DLQ with the broker's reason, and the
 * next call must be scored. Under exactly-once that costs one aborted transaction and one replaced
 * stream thread, whose new consumer waits out the old one's session: the test shortens it to 3 s.
 */
class PoisonRecordTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() throws Exception {
        // lets the scorer run with a session shorter than the broker's 6 s minimum
        kafka = EmbeddedKafka.builder().brokerConfig("group.min.session.timeout.ms", "1000").start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.SCORED.name()),
                    List.of(new AlterConfigOp(new ConfigEntry("message.timestamp.after.max.ms", "1000"),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void a_record_the_broker_refuses_downstream_is_dead_lettered_and_the_next_call_is_scored() throws Exception {
        LlmwatchConfig config = LlmwatchConfig.withPipeline(
                new PipelineConfig(Duration.ofMinutes(1), Duration.ZERO, null, null, null));
        Instant now = Instant.now();
        Properties quickRejoin = new Properties();
        quickRejoin.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 3_000);
        quickRejoin.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        try (ScorerService scorer = new ScorerService(KafkaClientSettings.of(kafka.bootstrapServers()), config, CallFixture.CATALOG, stateDir,
                quickRejoin);
             KafkaProducer<String, byte[]> producer = producer();
             TopicReader<ScoredCall> scored = new TopicReader<>(kafka.bootstrapServers(), Topics.SCORED);
             TopicReader<DeadLetter> dlq = new TopicReader<>(kafka.bootstrapServers(), Topics.DLQ)) {
            scorer.start();
            assertThat(scorer.awaitRunning(PATIENCE)).isTrue();

            // Given a call two hours ahead (refused by the parse step) and one a minute ahead (refused by the broker)
            ScorerServiceTest.send(producer, call("two-hours-ahead", now.plus(Duration.ofHours(2))).build());
            ScorerServiceTest.send(producer, call("a-minute-ahead", now.plusSeconds(60)).build());
            // When an ordinary call follows
            ScorerServiceTest.send(producer, call("ordinary", now).build());

            // Then the ordinary call is scored: the topology did not stop on either
            await().dontCatchUncaughtExceptions().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(scored.poll()).extracting(ScoredCall::callId).contains("ordinary"));
            assertThat(scored.values()).extracting(ScoredCall::callId).doesNotContain("two-hours-ahead", "a-minute-ahead");
            // and both poison records are dead letters with their reason
            await().dontCatchUncaughtExceptions().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(dlq.poll()).extracting(DeadLetter::key).contains("two-hours-ahead", "a-minute-ahead"));
            assertThat(dlq.values()).filteredOn(letter -> letter.key().equals("two-hours-ahead")).first()
                    .satisfies(letter -> assertThat(letter.reason()).startsWith("timestamp is").contains("ahead"));
            assertThat(dlq.values()).filteredOn(letter -> letter.key().equals("a-minute-ahead")).first()
                    .satisfies(letter -> {
                        assertThat(letter.reason()).contains("the broker refused its output to").contains("InvalidTimestampException");
                        assertThat(letter.sourceTopic()).isEqualTo(Topics.CALLS.name());
                        assertThat(letter.valueBase64()).isNotNull();
                    });
        }
    }

    @Test
    void a_record_whose_processing_throws_downstream_is_dead_lettered_and_the_next_one_is_processed() throws Exception {
        // Given a topology with llmwatch's Streams settings whose second step fails on one record
        // (a defect past the parse step, which only the processing exception handler catches)
        List<String> processed = new CopyOnWriteArrayList<>();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.ALERTS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("alerts-in"))
                .peek((key, value) -> {
                    if (key.equals("throws")) {
                        throw new IllegalStateException("cannot handle " + key);
                    }
                }, Named.as("fragile-step"))
                .foreach((key, value) -> processed.add(key), Named.as("collect"));
        try (StreamsService streams = new StreamsService("processing-failure", builder.build(),
                StreamsConfigs.base("processing-failure", KafkaClientSettings.of(kafka.bootstrapServers()), stateDir));
             KafkaProducer<String, byte[]> producer = producer();
             TopicReader<DeadLetter> dlq = new TopicReader<>(kafka.bootstrapServers(), Topics.DLQ)) {
            streams.start();
            assertThat(streams.awaitRunning(PATIENCE)).isTrue();

            // When that record arrives, and one after it
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), "throws", new byte[] {1})).get();
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), "after", new byte[] {2})).get();

            // Then the next record is processed, no stream thread died, and the failed one is a dead letter with the reason
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(processed).contains("after"));
            assertThat(processed).doesNotContain("throws");
            assertThat(streams.check().details()).containsEntry("thread_failures_5m", 0);
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(dlq.poll()).extracting(DeadLetter::key).contains("throws"));
            assertThat(dlq.values()).filteredOn(letter -> "throws".equals(letter.key())).first().satisfies(letter -> {
                assertThat(letter.reason()).contains("processing in fragile-step failed", "cannot handle throws");
                assertThat(letter.sourceTopic()).isEqualTo(Topics.ALERTS.name());
                assertThat(letter.component()).isEqualTo("processing-failure");
                assertThat(letter.valueBase64()).isEqualTo("AQ==");
            });
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }
}
