package io.llmwatch.app.alerts;

import picocli.CommandLine.Mixin;
import io.llmwatch.app.kafka.KafkaOptions;
import io.llmwatch.app.kafka.TopicTail;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.topic.Topics;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmwatch alerts tail}: alerts from {@code llmwatch.alerts}, for a person to read. */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Reads the alerts on llmwatch.alerts.",
        subcommands = AlertsCommand.Tail.class)
public final class AlertsCommand {

    /**
     * Follows {@code llmwatch.alerts} and prints each alert on two lines until Ctrl-C. A plain
     * read_committed consumer without a group: it commits nothing and disturbs no other reader.
     */
    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Prints alerts as they arrive on llmwatch.alerts, two lines each, until Ctrl-C:",
                    "time, severity, status, type, app/task (model); then the summary and the dedup key."})
    public static final class Tail implements Callable<Integer> {

        @Mixin
        KafkaOptions kafka;

        @Option(names = "--app", paramLabel = "APP", description = "only alerts of this app")
        String app;

        @Option(names = "--type", paramLabel = "TYPE", description = "only alerts of this type: ${COMPLETION-CANDIDATES}")
        AlertType type;

        @Option(names = "--from-beginning", description = "print the alerts already on the topic first (default: only new ones)")
        boolean fromBeginning;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            TopicTail tail = start(spec.commandLine().getOut());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    tail.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "llmwatch-alerts-tail-stop"));
            // Returns on Ctrl-C; throws when reading fails, e.g. because Kafka refused the credentials.
            tail.stopped().join();
            return 0;
        }

        /** Starts printing the alerts that pass the filters to {@code out}; close the tail to stop. */
        public TopicTail start(PrintWriter out) {
            return new TopicTail(kafka.settings(), "llmwatch-alerts-tail", List.of(Topics.ALERTS), fromBeginning, record -> {
                DriftAlert alert = TopicTail.value(Topics.ALERTS, record);
                if (alert != null && (app == null || app.equals(alert.app())) && (type == null || type == alert.type())) {
                    out.println(format(alert));
                    out.flush();
                }
            }).start();
        }
    }

    /**
     * An alert on two lines:
     * <pre>
     * 2025-06-01T12:00:00Z  CRITICAL  firing    QUALITY_DRIFT           support/summarize-ticket (gpt-4.1)
     *     summarize-ticket: quality of gpt-4.1 fell from 0.86 to 0.79 (n=412)  [QUALITY_DRIFT/support/summarize-ticket/gpt-4.1]
     * </pre>
     */
    static String format(DriftAlert alert) {
        String time = alert.detectedAt() == null ? "-" : alert.detectedAt().truncatedTo(ChronoUnit.SECONDS).toString();
        String where = text(alert.app()) + "/" + text(alert.taskType()) + (alert.model() == null ? "" : " (" + alert.model() + ")");
        return String.format(Locale.ROOT, "%-20s  %-8s  %-8s  %-22s  %s%n    %s  [%s]", time,
                alert.severity() == null ? "-" : alert.severity().name(),
                alert.status() == null ? "-" : alert.status().json(),
                alert.type() == null ? "-" : alert.type().name(), where, text(alert.summary()), text(alert.dedupKey()));
    }

    private static String text(String value) {
        return value == null ? "-" : value;
    }
}
