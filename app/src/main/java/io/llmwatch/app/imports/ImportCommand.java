package io.llmwatch.app.imports;

import picocli.CommandLine.Mixin;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.app.kafka.KafkaOptions;
import io.llmwatch.collector.tether.ImportSummary;
import io.llmwatch.collector.tether.RejectedStep;
import io.llmwatch.collector.tether.TetherImport;
import io.llmwatch.topic.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmwatch import tether FILE.db}: brings LLM calls recorded by other tools into {@code llmwatch.calls}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Imports LLM calls recorded by other tools into llmwatch.calls.")
public final class ImportCommand {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    /** Imports a Tether SQLite file; exits 1 when some steps were rejected (the others are imported). */
    @Command(name = "tether", mixinStandardHelpOptions = true,
            description = {"Imports the llm_call steps of a Tether SQLite file.",
                    "Each step becomes the call tether:<run_id>:<step_id>, so importing the same file again adds nothing:",
                    "a marker file beside it remembers what was delivered to which Kafka cluster, and downstream",
                    "deduplication by call_id covers the rest. Steps still in flight are left for a later import."})
    int tether(@Parameters(paramLabel = "FILE.db", description = "the Tether SQLite file (read only)") Path file,
               @Option(names = "--app", description = "app of every call (default: the run's metadata.app, else 'tether')")
               String app,
               @Option(names = "--task", description = "task type of every call (default: the run's metadata.task_type, else its name)")
               String task,
               @Mixin KafkaOptions kafkaOptions,
               @Option(names = "--marker", paramLabel = "FILE",
                       description = "marker file (default: FILE.db.llmwatch-imported beside the Tether file)")
               Path marker,
               @Option(names = "--no-marker", description = "send every call, relying on downstream deduplication alone")
               boolean noMarker) throws Exception {
        requireKeyPart("--app", app);
        requireKeyPart("--task", task);
        if (noMarker && marker != null) {
            throw new IllegalArgumentException("give --marker or --no-marker, not both");
        }
        Path markerFile = noMarker ? null : marker != null ? marker : TetherImport.defaultMarker(file);
        KafkaClientSettings kafka = kafkaOptions.settings();
        ImportSummary summary = TetherImport.run(new TetherImport.Options(file, app, task, kafka, markerFile,
                KAFKA_TIMEOUT));
        print(summary, file, kafka.bootstrapServers());
        return summary.rejected().isEmpty() ? 0 : 1;
    }

    private void print(ImportSummary summary, Path file, String bootstrapServers) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Tether %s -> %s on %s (cluster %s): %d llm_call steps%n", file, Topics.CALLS.name(), bootstrapServers,
                summary.clusterId(), summary.llmCalls());
        if (summary.marker() == null) {
            out.printf("  %d sent (no marker: calls of an earlier import are dropped downstream by call_id)%n", summary.sent());
        } else {
            out.printf("  %d new, %d already imported (marker %s)%n", summary.sent(), summary.alreadyImported(), summary.marker());
        }
        if (summary.inFlight() > 0) {
            out.printf("  %d still in flight (no completed_at, no error), left for a later import%n", summary.inFlight());
        }
        if (!summary.otherSteps().isEmpty()) {
            long others = summary.otherSteps().values().stream().mapToLong(Long::longValue).sum();
            out.printf("  %d other steps not imported (%s)%n", others, summary.otherSteps().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        out.flush();
        if (!summary.rejected().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("%d steps rejected, not imported:%n", summary.rejected().size());
            for (RejectedStep step : summary.rejected()) {
                err.println("  " + step);
            }
            err.flush();
        }
    }

    private static void requireKeyPart(String option, String value) {
        if (value != null && (value.isBlank() || value.indexOf('/') >= 0)) {
            throw new IllegalArgumentException(option + " must be non-blank and without '/' (it is part of the key app/task/model)");
        }
    }
}
