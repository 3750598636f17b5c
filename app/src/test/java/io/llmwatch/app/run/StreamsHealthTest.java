package io.llmwatch.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.collector.ingest.CollectorOptions;
import io.llmwatch.collector.ingest.CollectorServer;
import io.llmwatch.collector.management.Probes;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.health.HealthChecks;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.streams.StreamsConfigs;
import io.llmwatch.streams.StreamsService;
import io.llmwatch.topic.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes of a process reflect its Streams applications. Before, the collector's {@code /healthz}
 * answered 200 ok while the scorer beside it was dead or crash-looping on one record (issue: one
 * accepted event stops all scoring, silently).
 */
class StreamsHealthTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    static EmbeddedKafka kafka;
    @TempDir
    static Path stateDir;

    @BeforeAll
    static void startKafka() {
        // lets the poison test's threads run with a session shorter than the broker's 6 s minimum
        kafka = EmbeddedKafka.builder().brokerConfig("group.min.session.timeout.ms", "1000").start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void aStreamsApplicationThatKeepsDyingOnOneRecordTurnsHealthzAndReadyzUnavailable() throws Exception {
        // Given a topology that fails on every record, as the scorer did on an event from 1969
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.CALLS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .foreach((key, value) -> {
                    throw new IllegalStateException("cannot process " + key);
                });
        Properties props = StreamsConfigs.base("health-poison", KafkaClientSettings.of(kafka.bootstrapServers()),
                stateDir.resolve("poison"));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // llmwatch's own handler would dead-letter this record; fail as a defect the handlers cannot
        // catch would, so that the probe is tested against a real crash loop.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndFailProcessingExceptionHandler.class);
        // A replaced thread waits for the dead one's session to expire (45 s by default) before it
        // gets the task, and the poison record, again: a 3 s session keeps the test short.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 3_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        HealthChecks checks = new HealthChecks();
        try (StreamsService streams = new StreamsService("health-poison", builder.build(), props);
             CollectorServer collector = new CollectorServer(
                     CollectorOptions.builder(KafkaClientSettings.of(kafka.bootstrapServers())).port(0).build(),
                     new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), checks.add(streams))) {
            int port = collector.start();
            streams.start();
            assertThat(streams.awaitRunning(PATIENCE)).isTrue();
            await().atMost(PATIENCE).until(() -> get(port, Probes.READY_PATH).statusCode() == 200);
            assertThat(get(port, Probes.HEALTH_PATH).statusCode()).isEqualTo(200);

            // When the poison record arrives, and each replaced thread takes it again
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.CALLS.name(), "poison", new byte[] {1})).get();
            }

            // Then liveness fails, naming the crash loop (before: 200 ok for ever)
            // (the stream threads die on purpose: Awaitility must not fail on their uncaught exceptions)
            await().dontCatchUncaughtExceptions().atMost(PATIENCE)
                    .until(() -> get(port, Probes.HEALTH_PATH).statusCode() == 503);
            JsonNode health = Json.mapper().readTree(get(port, Probes.HEALTH_PATH).body());
            assertThat(health.get("status").asText()).isEqualTo("unavailable");
            assertThat(health.get("reason").asText()).contains("health-poison", "thread_failures_5m", "cannot process poison");
            assertThat(get(port, Probes.READY_PATH).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void theProbesShowHowFarBehindItsInputAnApplicationIs() throws Exception {
        // Given 2,000 records waiting before the application starts, which takes 10 at a time
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 2_000; i++) {
                producer.send(new ProducerRecord<>(Topics.SCORED.name(), "k" + i, new byte[] {1}));
            }
        }
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.SCORED.name(), Consumed.with(Serdes.String(), Serdes.ByteArray())).foreach((k, v) -> { });
        Properties props = StreamsConfigs.base("health-lag", KafkaClientSettings.of(kafka.bootstrapServers()),
                stateDir.resolve("lag"));
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 10);
        try (StreamsService streams = new StreamsService("health-lag", builder.build(), props)) {
            streams.start();
            assertThat(streams.awaitRunning(PATIENCE)).isTrue();

            // Then the details name the lag (Kafka's records-lag-max: the largest over its last 30 s or so)
            await().atMost(PATIENCE).until(() -> ((Number) streams.check().details().get("records_lag_max")).doubleValue() > 0);
        }
    }

    @Test
    void aStoppedStreamsApplicationIsNotLive() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.EVALUATIONS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray())).foreach((k, v) -> { });
        StreamsService streams = new StreamsService("health-stopped", builder.build(),
                StreamsConfigs.base("health-stopped", KafkaClientSettings.of(kafka.bootstrapServers()), stateDir.resolve("stopped")));
        streams.start();
        assertThat(streams.awaitRunning(PATIENCE)).isTrue();
        assertThat(streams.check().live()).isTrue();

        streams.close();

        assertThat(streams.check().live()).isFalse();
        assertThat(streams.check().details()).containsEntry("state", "NOT_RUNNING");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
