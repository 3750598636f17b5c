package io.llmwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and sub-command answers {@code --help} with its usage and exit code 0. */
class CommandLineHelpTest {

    /** Every command path, as it is typed: "", "config", "config set", … */
    static List<String> commands() {
        List<String> all = new ArrayList<>();
        collect(Llmwatch.commandLine(), new ArrayList<>(), all);
        return all;
    }

    private static void collect(CommandLine command, List<String> path, List<String> out) {
        out.add(String.join(" ", path));
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpIsAvailable(String command) {
        CommandLine cli = Llmwatch.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        String[] args = (command + " --help").trim().split(" ");

        int exit = cli.execute(args);

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("Usage: llmwatch");
    }

    @Test
    void everyCommandOfTheDesignExists() {
        assertThat(Llmwatch.commandLine().getSubcommands()).containsKeys("demo", "run", "config", "bench");
        assertThat(Llmwatch.commandLine().getSubcommands().get("config").getSubcommands())
                .containsKeys("set", "get", "list");
    }
}
