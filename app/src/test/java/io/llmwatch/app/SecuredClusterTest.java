package io.llmwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmwatch.app.alerts.AlertsCommand;
import io.llmwatch.app.kafka.TopicTail;
import io.llmwatch.app.run.Component;
import io.llmwatch.app.run.LlmwatchRuntime;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A cluster that requires SASL/PLAIN: {@code run all}, {@code config set} and {@code alerts tail}
 * connect with the credentials of a {@code --kafka-config} file, and with wrong ones fail at once
 * with one line naming the cause, instead of a stack trace or a silent wait.
 */
class SecuredClusterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    static EmbeddedKafka kafka;
    @TempDir
    static Path dir;
    static Path goodConfig;
    static Path wrongConfig;

    @BeforeAll
    static void startASecuredBroker() throws Exception {
        kafka = EmbeddedKafka.builder().saslPlain(Map.of("llmwatch", "right-secret")).start();
        goodConfig = Cli.saslPlainProperties(dir.resolve("good.properties"), "llmwatch", "right-secret");
        wrongConfig = Cli.saslPlainProperties(dir.resolve("wrong.properties"), "llmwatch", "wrong-secret");
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void runAllConnectsWithTheCredentialsAndIsReady() throws Exception {
        KafkaClientSettings settings = KafkaClientSettings.resolve(kafka.bootstrapServers(), goodConfig,
                LlmwatchConfig.empty(), name -> null, null);
        try (LlmwatchRuntime runtime = LlmwatchRuntime.start(new LlmwatchRuntime.Options(EnumSet.allOf(Component.class),
                settings, 0, 0, 0, dir.resolve("state"), LlmwatchConfig.empty(), PriceCatalog.defaults(), 1))) {
            assertThat(runtime.awaitRunning(PATIENCE)).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + runtime.collectorPort() + "/v1/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"call_id": "sasl-1", "timestamp": "%s", "app": "support", "task_type": "chat",
                             "request_model": "gpt-4.1-mini", "model": "gpt-4.1-mini", "usage": {"input_tokens": 10, "output_tokens": 5}}"""
                            .formatted(Instant.now()))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            await().atMost(PATIENCE).until(() -> http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + runtime.queryPort() + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        }
    }

    @Test
    void configSetWritesWithTheCredentials() {
        Cli set = cli("config", "set", "task/support/chat", "{\"margin\": 0.04}", "--kafka-config", goodConfig.toString());
        assertThat(set.exit()).as(set.err()).isZero();

        Cli get = cli("config", "get", "task/support/chat", "--kafka-config", goodConfig.toString());
        assertThat(get.out()).contains("0.04");
    }

    @Test
    void alertsTailReadsWithTheCredentials() throws Exception {
        DriftAlert alert = alert("secured-1");
        try (KafkaProducer<String, DriftAlert> producer = new KafkaProducer<>(
                KafkaClientSettings.resolve(kafka.bootstrapServers(), goodConfig, LlmwatchConfig.empty(), n -> null, null)
                        .clientConfig(Map.of()),
                Topics.ALERTS.keySerde().serializer(), Topics.ALERTS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.alertId(), alert)).get();
        }
        StringWriter out = new StringWriter();
        CommandLine.ParseResult parsed = Llmwatch.commandLine().parseArgs("alerts", "tail", "--from-beginning",
                "--bootstrap-servers", kafka.bootstrapServers(), "--kafka-config", goodConfig.toString());
        AlertsCommand.Tail tail = (AlertsCommand.Tail) parsed.subcommand().subcommand().commandSpec().userObject();
        try (TopicTail reading = tail.start(new PrintWriter(out))) {
            await().atMost(PATIENCE).until(() -> out.toString().contains("summary of secured-1"));
        }
    }

    @Test
    void wrongCredentialsFailEveryCommandNamingTheCause() {
        for (String[] command : new String[][] {
                {"config", "set", "task/support/chat", "{\"margin\": 0.04}"},
                {"alerts", "tail"},
                {"run", "all", "--collector-port", "0", "--query-port", "0", "--management-port", "0", "--no-auth",
                        "--state-dir", dir.resolve("wrong-state").toString()}}) {
            Cli result = cli(Stream.concat(Stream.of(command), Stream.of("--kafka-config", wrongConfig.toString()))
                    .toArray(String[]::new));

            assertThat(result.exit()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", command))
                    .contains("error: Kafka refused the credentials", "Authentication failed")
                    .doesNotContain("wrong-secret");
        }
    }

    private static Cli cli(String... args) {
        return Cli.run(Stream.concat(Stream.of(args), Stream.of("--bootstrap-servers", kafka.bootstrapServers()))
                .toArray(String[]::new));
    }

    private static DriftAlert alert(String id) {
        Instant at = Instant.parse("2025-06-01T12:00:00Z");
        return new DriftAlert(null, id, AlertType.QUALITY_DRIFT, Severity.WARNING, "support", "chat", "gpt-4.1", at,
                new TimeWindow(at.minusSeconds(600), at), "summary of " + id, new Evidence("gpt-4.1", null, null, null,
                null, null, -0.07, null, null, 400L, null, null, null, null, Map.of()),
                "QUALITY_DRIFT/support/chat/gpt-4.1", AlertStatus.FIRING);
    }
}
