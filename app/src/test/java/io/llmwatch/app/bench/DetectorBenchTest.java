package io.llmwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detector part of {@code llmwatch bench}: rows per detector and stream, nothing missed or false at the defaults. */
class DetectorBenchTest {

    @Test
    void printsDelaysFalseAlarmsAndSpeedOfEveryDetector() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        DetectorBench.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        for (String detector : List.of("page-hinkley", "cusum", "adwin")) {
            List<String> rows = lines.stream().filter(line -> line.startsWith(detector + " ")).toList();
            assertThat(rows).hasSize(6);
            assertThat(rows.subList(0, 3)).allSatisfy(row -> assertThat(row).matches(".*\\d+ \\[\\d+-\\d+\\]\\s+0\\s+0\\s+\\d+"));
            assertThat(rows.subList(3, 5)).allSatisfy(row -> assertThat(row).endsWith("0.00   (0 in 2,000,000 samples)"));
            assertThat(rows.get(5)).matches(detector + "\\s+[\\d,]+");
        }
    }
}
