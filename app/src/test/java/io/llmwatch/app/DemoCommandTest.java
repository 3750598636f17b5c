package io.llmwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code llmwatch demo --duration 60s}, as the README promises it: the whole loop on an embedded
 * broker ends in at least one {@code OPTIMAL_MODEL_CHANGED} alert with from/to models and projected
 * savings, and exits 0. Free ports, so it runs beside anything else on the machine.
 */
class DemoCommandTest {

    @Test
    void theDemoShowsAnOptimalModelChangeWithItsSavingsAndExitsZero() {
        StringWriter out = new StringWriter();
        var cli = Llmwatch.commandLine();
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute("demo", "--duration", "60s", "--kafka-port", "0", "--collector-port", "0",
                "--query-port", "0", "--table-every", "20s");

        String printed = out.toString();
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains(">>> ALERT OPTIMAL_MODEL_CHANGED");
        assertThat(printed).containsPattern("from \\S+ to \\S+ · cost per call \\$[0-9.]+ → \\$[0-9.]+ · projected saving \\$[0-9,.]+/month");
        assertThat(printed).contains("Final recommendations", "Summary", "calls sent");
        assertThat(printed).contains("batches rejected 0 · HTTP failures 0");
    }
}
