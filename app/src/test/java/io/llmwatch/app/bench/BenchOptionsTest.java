package io.llmwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.app.Cli;
import org.junit.jupiter.api.Test;

/** Options of {@code llmwatch bench} that cannot mean anything are refused before a broker starts. */
class BenchOptionsTest {

    @Test
    void fewerThanOneWarmRoundIsRefused() {
        Cli cli = Cli.run("bench", "--scorer-only", "--warm-rounds", "0");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("--warm-rounds must be at least 1, not 0");
    }

    @Test
    void aNegativeLatencyDurationIsRefused() {
        Cli cli = Cli.run("bench", "--scorer-only", "--latency-seconds", "-1");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("--latency-seconds must be 0 (left out) or more, not -1");
    }
}
