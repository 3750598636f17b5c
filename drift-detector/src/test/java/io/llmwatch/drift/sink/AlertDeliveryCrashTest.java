package io.llmwatch.drift.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmwatch.drift.sink.RecordingServer.Request;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Severity;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks survive a crash: the process delivering {@code llmwatch.alerts} is killed (SIGKILL, a
 * child JVM destroyed forcibly) while it delivers; the next one delivers every committed alert at
 * least once, never an alert of an aborted transaction, and a copy carries the same idempotency key
 * and body as the original. Real broker, real HTTP server on 127.0.0.1.
 */
class AlertDeliveryCrashTest {

    private static final int COMMITTED = 240;
    private static final int ABORTED = 20;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().partitions(3).start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void everyCommittedAlertIsDeliveredAtLeastOnceAcrossASigkillWithTheSameIdempotencyKey() throws Exception {
        Set<String> expected = new TreeSet<>();
        Map<TopicPartition, Long> lastCommitted = new ConcurrentHashMap<>();
        try (KafkaProducer<String, DriftAlert> producer = producer()) {
            producer.initTransactions();
            for (int batch = 0; batch < COMMITTED / 40; batch++) {
                producer.beginTransaction();
                for (int i = 0; i < 40; i++) {
                    DriftAlert alert = alert("committed-" + (batch * 40 + i), i % 7 == 0 ? AlertStatus.RESOLVED : AlertStatus.FIRING);
                    producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.alertId(), alert), (metadata, error) ->
                            lastCommitted.merge(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset(), Math::max));
                    expected.add(WebhookSink.idempotencyKey(alert));
                }
                producer.commitTransaction();
                if (batch == 2) {
                    // alerts of a transaction that aborts were never published: no webhook may see them
                    producer.beginTransaction();
                    for (int i = 0; i < ABORTED; i++) {
                        DriftAlert alert = alert("aborted-" + i, AlertStatus.FIRING);
                        producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.alertId(), alert));
                    }
                    producer.flush();
                    producer.abortTransaction();
                }
            }
        }

        try (RecordingServer server = new RecordingServer().delay(15)) {
            String url = server.url("/hook");
            // Given a delivering process that is SIGKILLed a third of the way through
            Process first = child(url);
            await().atMost(PATIENCE).until(() -> server.requests().size() >= COMMITTED / 3);
            first.destroyForcibly().waitFor();
            long killedAt = System.nanoTime();
            int beforeKill = server.requests().size();

            // When the next one starts on the same group
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            AlertSinks sinks = AlertSinks.webhooks(Map.of("crash-test", AlertDeliveryProcess.webhook(url)), registry);
            AlertDelivery second = AlertDeliveryProcess.start(kafka.bootstrapServers(), sinks, url);
            try {
                await().atMost(PATIENCE).until(() -> keys(server.requests()).containsAll(expected));
                Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);
                await().atMost(PATIENCE).until(() -> committedPast(lastCommitted));

                // Then every committed alert arrived, nothing of the aborted transaction did
                List<Request> requests = server.requests();
                Map<String, List<Request>> byKey = requests.stream()
                        .collect(Collectors.groupingBy(r -> r.header("Idempotency-Key"), LinkedHashMap::new, Collectors.toList()));
                assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(expected);
                // and every copy is the same request: same key, same body
                List<String> duplicated = new ArrayList<>();
                byKey.forEach((key, copies) -> {
                    assertThat(copies).allSatisfy(copy -> assertThat(copy.body()).isEqualTo(copies.get(0).body()));
                    if (copies.size() > 1) {
                        duplicated.add(key);
                    }
                });
                System.out.printf("webhook crash: sent %d committed (+%d aborted), %d requests before the kill, %d after;"
                                + " lost 0, delivered twice %d, recovered in %d ms%n", expected.size(), ABORTED, beforeKill,
                        requests.size() - beforeKill, duplicated.size(), recovery.toMillis());
                assertThat(requests.size()).isEqualTo(expected.size() + duplicated.size() + extraCopies(byKey));
            } finally {
                second.close(Duration.ofSeconds(5));
                sinks.close();
            }
        }
    }

    private static long extraCopies(Map<String, List<Request>> byKey) {
        return byKey.values().stream().mapToLong(copies -> Math.max(0, copies.size() - 2)).sum();
    }

    private static Set<String> keys(List<Request> requests) {
        return requests.stream().filter(r -> r.answeredWith() == 200).map(r -> r.header("Idempotency-Key"))
                .collect(Collectors.toSet());
    }

    /** The delivery group has committed every partition past the last alert published in it. */
    private static boolean committedPast(Map<TopicPartition, Long> lastOffsets) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(AlertDelivery.GROUP_ID)
                    .partitionsToOffsetAndMetadata().get();
            return lastOffsets.entrySet().stream().allMatch(last -> committed.containsKey(last.getKey())
                    && committed.get(last.getKey()).offset() > last.getValue());
        }
    }

    private static Process child(String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                AlertDeliveryProcess.class.getName(), kafka.bootstrapServers(), url)
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.contains(AlertDeliveryProcess.READY)) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "child-output");
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        throw new IllegalStateException("the delivery process ended before it started: exit " + process.waitFor());
    }

    private static DriftAlert alert(String id, AlertStatus status) {
        DriftAlert base = Alerts.alert(id, "support", Severity.WARNING);
        return new DriftAlert(base.schema(), id, base.type(), base.severity(), base.app(), base.taskType(), base.model(),
                base.detectedAt(), base.window(), base.summary(), base.evidence(), base.dedupKey() + "/" + id, status);
    }

    private static KafkaProducer<String, DriftAlert> producer() {
        Serializer<DriftAlert> values = Topics.ALERTS.valueSerde().serializer();
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "alert-delivery-crash-test"), new StringSerializer(), values);
    }
}
