package io.llmwatch.app;

import io.llmwatch.app.kafka.KafkaFailures;
import io.llmwatch.app.alerts.AlertsCommand;
import io.llmwatch.app.bench.BenchCommand;
import io.llmwatch.app.config.ConfigCommand;
import io.llmwatch.app.demo.DemoCommand;
import io.llmwatch.app.imports.ImportCommand;
import io.llmwatch.app.reevaluate.ReevaluateCommand;
import io.llmwatch.app.run.RunCommand;
import io.llmwatch.validate.ValidationException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code llmwatch} command line: one runnable jar for every component, the demo and the benchmark. */
@Command(name = "llmwatch", mixinStandardHelpOptions = true, version = "llmwatch 0.1.0",
        description = "Watches production LLM calls on Kafka and finds, per task type, the cheapest model that is still good enough.",
        subcommands = {DemoCommand.class, RunCommand.class, ConfigCommand.class, BenchCommand.class, ImportCommand.class,
                AlertsCommand.class, ReevaluateCommand.class,
                CommandLine.HelpCommand.class})
public final class Llmwatch {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Llmwatch())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Llmwatch::handle);
    }

    /** A user error is one line on stderr, not a stack trace; anything else is a bug and shows it. */
    private static int handle(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        Optional<String> kafka = KafkaFailures.explain(e);
        if (kafka.isPresent()) {
            command.getErr().println("error: " + kafka.get());
            return 2;
        }
        if (e instanceof IllegalArgumentException || e instanceof ValidationException || e instanceof TimeoutException) {
            command.getErr().println("error: " + e.getMessage());
            return 2;
        }
        throw e;
    }
}
