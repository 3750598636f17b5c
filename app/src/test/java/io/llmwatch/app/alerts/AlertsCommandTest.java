package io.llmwatch.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmwatch.app.Llmwatch;
import io.llmwatch.app.kafka.TopicTail;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code llmwatch alerts tail} against a real broker: what it prints, with and without filters. */
class AlertsCommandTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafkaWithAlertsOfTwoAppsAndTypes() throws Exception {
        kafka = EmbeddedKafka.start();
        publish(alert("a-1", "support", AlertType.QUALITY_DRIFT, Severity.CRITICAL, AlertStatus.FIRING, "gpt-4.1"),
                alert("a-2", "support", AlertType.COST_DRIFT, Severity.WARNING, AlertStatus.FIRING, "gpt-4.1-mini"),
                alert("a-3", "billing", AlertType.QUALITY_DRIFT, Severity.WARNING, AlertStatus.RESOLVED, "claude-sonnet-4-6"),
                alert("a-4", "billing", AlertType.OPTIMAL_MODEL_CHANGED, Severity.INFO, AlertStatus.FIRING, null));
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void printsTheAlertsOfOneAppTwoLinesEach() throws Exception {
        List<String> lines = tailUntil(alert("end-app", "support", AlertType.TOKEN_SPIRAL, Severity.INFO, AlertStatus.FIRING, null),
                "--from-beginning", "--app", "support");

        assertThat(lines).containsExactly(
                "2025-06-01T12:00:00Z  CRITICAL  firing    QUALITY_DRIFT           support/summarize-ticket (gpt-4.1)",
                "    summary of a-1  [QUALITY_DRIFT/support/summarize-ticket/gpt-4.1]",
                "2025-06-01T12:00:00Z  WARNING   firing    COST_DRIFT              support/summarize-ticket (gpt-4.1-mini)",
                "    summary of a-2  [COST_DRIFT/support/summarize-ticket/gpt-4.1-mini]");
    }

    @Test
    void printsTheAlertsOfOneTypeAcrossApps() throws Exception {
        List<String> lines = tailUntil(alert("end-type", "other", AlertType.QUALITY_DRIFT, Severity.INFO, AlertStatus.FIRING, null),
                "--from-beginning", "--type", "QUALITY_DRIFT");

        assertThat(lines).containsExactly(
                "2025-06-01T12:00:00Z  CRITICAL  firing    QUALITY_DRIFT           support/summarize-ticket (gpt-4.1)",
                "    summary of a-1  [QUALITY_DRIFT/support/summarize-ticket/gpt-4.1]",
                "2025-06-01T12:00:00Z  WARNING   resolved  QUALITY_DRIFT           billing/summarize-ticket (claude-sonnet-4-6)",
                "    summary of a-3  [QUALITY_DRIFT/billing/summarize-ticket/claude-sonnet-4-6]");
    }

    @Test
    void bothFiltersTogetherAndATaskWideAlertWithoutModel() throws Exception {
        assertThat(tailUntil(alert("end-both", "billing", AlertType.OPTIMAL_MODEL_CHANGED, Severity.INFO, AlertStatus.FIRING, null),
                "--from-beginning", "--app", "billing", "--type", "optimal_model_changed")).containsExactly(
                "2025-06-01T12:00:00Z  INFO      firing    OPTIMAL_MODEL_CHANGED   billing/summarize-ticket",
                "    summary of a-4  [OPTIMAL_MODEL_CHANGED/billing/summarize-ticket/-]");
    }

    @Test
    void withoutFromBeginningOnlyNewAlertsArePrinted() throws Exception {
        StringWriter out = new StringWriter();
        List<String> published = new ArrayList<>();
        try (TopicTail tail = command("--app", "search").start(new PrintWriter(out))) {
            // the tail starts at the end once it has reached the broker: publish until one arrives
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
                String id = "new-" + published.size();
                published.add(id);
                publish(alert(id, "search", AlertType.LATENCY_DRIFT, Severity.WARNING, AlertStatus.FIRING, "gpt-4.1"));
                return out.toString().contains("summary of new-");
            });
        }

        assertThat(out.toString()).doesNotContain("summary of a-", "summary of end-").contains("LATENCY_DRIFT");
    }

    /**
     * Publishes {@code last}, which passes this test's filters (and no other test's), runs
     * {@code alerts tail} with {@code args} until it has printed it, and returns the lines before it:
     * by then the tail has read everything published before it, printed or not.
     */
    private static List<String> tailUntil(DriftAlert last, String... args) throws Exception {
        publish(last);
        StringWriter out = new StringWriter();
        try (TopicTail tail = command(args).start(new PrintWriter(out))) {
            await().atMost(PATIENCE).until(() -> out.toString().contains("summary of " + last.alertId()));
        }
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines.get(lines.size() - 1)).contains("summary of " + last.alertId());
        return lines.subList(0, lines.size() - 2);
    }

    private static AlertsCommand.Tail command(String... args) {
        String[] all = Stream.concat(Stream.of("alerts", "tail", "--bootstrap-servers", kafka.bootstrapServers()), Stream.of(args))
                .toArray(String[]::new);
        CommandLine.ParseResult parsed = Llmwatch.commandLine().parseArgs(all);
        return (AlertsCommand.Tail) parsed.subcommand().subcommand().commandSpec().userObject();
    }

    private static DriftAlert alert(String id, String app, AlertType type, Severity severity, AlertStatus status, String model) {
        Instant at = Instant.parse("2025-06-01T12:00:00.250Z");
        return new DriftAlert(null, id, type, severity, app, "summarize-ticket", model, at, new TimeWindow(at.minusSeconds(600), at),
                "summary of " + id, new Evidence(model, null, null, null, null, null, -0.07, null, null, 400L, null, null, null,
                null, Map.of()),
                type + "/" + app + "/summarize-ticket/" + (model == null ? "-" : model), status);
    }

    private static void publish(DriftAlert... alerts) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, DriftAlert> producer = new KafkaProducer<>(props, Topics.ALERTS.keySerde().serializer(),
                Topics.ALERTS.valueSerde().serializer())) {
            for (DriftAlert alert : alerts) {
                producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.alertId(), alert)).get();
            }
        }
    }
}
