package io.llmwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.app.bench.detect.DetectorComparison;
import io.llmwatch.app.bench.detect.DetectorComparison.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The detector part of {@code llmwatch bench}: per ARL₀, a row per figure and detector; then each detector's speed. */
class DetectorBenchTest {

    @Test
    void printsFalseAlarmsAndDelaysOfEveryDetectorOnEveryFigureAtEachArl0() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        DetectorBench.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), new Settings(100, 5_000, 5_000, 20, 100, 100, 5, 3),
                List.of(100.0, 200.0));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).filteredOn(line -> line.startsWith("Change detectors calibrated")).hasSize(2);
        for (DetectorComparison.Family family : DetectorComparison.FAMILIES) {
            List<String> rows = lines.stream().filter(line -> line.matches("(quality|cost per call|p95 latency|error rate)\\s+"
                    + Pattern.quote(family.name()) + " .*")).toList();
            assertThat(rows).hasSize(2 * 4).allSatisfy(row -> assertThat(row)
                    .matches(".*\\d+\\.\\d{2} \\[\\d+\\.\\d{2}, \\d+\\.\\d{2}\\]( \\*)?(\\s+(\\d+|> 100) / (\\d+|> 100)){5}"));
            assertThat(lines).filteredOn(line -> line.matches(Pattern.quote(family.name()) + "\\s+[\\d,]+"))
                    .hasSize(1);
        }
    }
}
