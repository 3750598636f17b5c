package io.llmwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class EmbeddedKafkaTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaTest.class);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        long begin = System.nanoTime();
        kafka = EmbeddedKafka.start();
        long startMillis = (System.nanoTime() - begin) / 1_000_000;
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        LOG.info("Broker with {} topics started in {} ms; heap used after GC {} MiB (max {} MiB)",
                Topics.all().size(), startMillis, (runtime.totalMemory() - runtime.freeMemory()) >> 20,
                runtime.maxMemory() >> 20);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void createsEveryLlmwatchTopicWithItsConfigs() throws Exception {
        try (Admin admin = admin(kafka)) {
            assertThat(admin.listTopics().names().get())
                    .containsAll(Topics.all().stream().map(Topic::name).toList());

            List<ConfigResource> resources = Topics.all().stream()
                    .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                    .toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (Topic<?, ?> topic : Topics.all()) {
                Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                topic.configs().forEach((name, value) ->
                        assertThat(actual.get(name).value()).as("%s of %s", name, topic).isEqualTo(value));
            }
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODEL_STATS.name()))
                    .get("cleanup.policy").value()).isEqualTo("compact,delete");
            assertThat(admin.describeTopics(List.of(Topics.CALLS.name())).allTopicNames().get()
                    .get(Topics.CALLS.name()).partitions()).hasSize(1);
        }
    }

    @Test
    void createTopicsIsIdempotentAndHonoursPartitions() throws Exception {
        Topic<String, String> topic = testTopic();
        kafka.createTopics(List.of(topic), 3);
        kafka.createTopics(List.of(topic, Topics.CALLS), 3);

        try (Admin admin = admin(kafka)) {
            var descriptions = admin.describeTopics(List.of(topic.name(), Topics.CALLS.name())).allTopicNames().get();
            assertThat(descriptions.get(topic.name()).partitions()).hasSize(3);
            assertThat(descriptions.get(Topics.CALLS.name()).partitions()).hasSize(1);
        }
    }

    @Test
    void idempotentProducerRecordsAreReadBack() {
        Topic<String, String> topic = testTopic();
        kafka.createTopics(List.of(topic), 2);

        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic.name(), "key-" + i, "value-" + i));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> records = readAll(topic, "read_uncommitted", 100);
        Map<String, String> byKey = records.stream()
                .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
        assertThat(byKey).hasSize(100).containsEntry("key-0", "value-0").containsEntry("key-99", "value-99");
    }

    @Test
    void transactionalProducerCommitsAndAborts() {
        Topic<String, String> topic = testTopic();
        kafka.createTopics(List.of(topic), 1);

        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-test-" + UUID.randomUUID()))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "aborted", "never visible"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic.name(), "committed-1", "a"));
            producer.send(new ProducerRecord<>(topic.name(), "committed-2", "b"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> records = readAll(topic, "read_committed", 2);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("committed-1", "committed-2");
    }

    @Test
    void fixedPortAndGivenLogDirSurviveARestart(@TempDir Path tempDir) throws Exception {
        int port = freePort();
        Path logDir = tempDir.resolve("kafka");
        EmbeddedKafka first = EmbeddedKafka.builder().port(port).logDir(logDir).partitions(2).start();
        assertThat(first.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
        assertThat(connects(port)).isTrue();

        first.close();
        assertThatCode(first::close).doesNotThrowAnyException();
        assertThat(connects(port)).isFalse();
        assertThat(logDir).isNotEmptyDirectory();

        try (EmbeddedKafka second = EmbeddedKafka.builder().port(port).logDir(logDir).createTopics(false).start();
             Admin admin = admin(second)) {
            var calls = admin.describeTopics(List.of(Topics.CALLS.name())).allTopicNames().get();
            assertThat(calls.get(Topics.CALLS.name()).partitions()).hasSize(2);
        }
    }

    @Test
    void temporaryLogDirIsDeletedOnClose() {
        EmbeddedKafka broker = EmbeddedKafka.builder().createTopics(false).start();
        Path logDir = broker.logDir();
        assertThat(logDir).isNotEmptyDirectory();

        broker.close();
        broker.close();

        assertThat(logDir).doesNotExist();
    }

    @Test
    void aTakenPortFailsWithAClearMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedKafka.builder().port(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
        }
    }

    private static Topic<String, String> testTopic() {
        return new Topic<>("embedded-kafka-test-" + UUID.randomUUID(), Serdes.String(), Serdes.String(), Map.of());
    }

    private static Admin admin(EmbeddedKafka broker) {
        return Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> readAll(Topic<?, ?> topic, String isolation, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "embedded-kafka-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            // One more poll: anything beyond the expected records (an aborted one, a duplicate) shows up.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static boolean connects(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
