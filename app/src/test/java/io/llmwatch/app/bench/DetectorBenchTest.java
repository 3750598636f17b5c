package io.llmwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detector part of {@code llmwatch bench}: a row per detector and stream, no change missed at the defaults. */
class DetectorBenchTest {

    @Test
    void printsDelaysFalseAlarmsAndSpeedOfEveryDetector() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        DetectorBench.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        for (String detector : List.of("page-hinkley", "cusum", "adwin")) {
            List<String> rows = lines.stream().filter(line -> line.startsWith(detector + " ")).toList();
            assertThat(rows).hasSize(4);
            assertThat(rows.subList(0, 3)).allSatisfy(row -> assertThat(row).matches(".*\\d+ \\[\\d+-\\d+\\]\\s+0\\s+0\\s+\\d+"));
            assertThat(rows.get(3)).contains("0.00 (0 in 2000k)").matches(".*[\\d,]+$");
        }
    }
}
