package io.llmwatch.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.app.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmwatch run} refuses options it cannot honour before it starts anything, naming the option. */
class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void fewerThanOneScorerThreadIsRefusedWithTheOptionNamed() throws Exception {
        Cli cli = Cli.run("run", "scorer", "--scorer-threads", "0",
                "--state-dir", dir.resolve("state").toString(), "--kafka-dir", dir.resolve("kafka").toString());

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("--scorer-threads: must be at least 1, got 0");
        // nothing started: no embedded broker wrote its log directory
        assertThat(Files.exists(dir.resolve("kafka"))).isFalse();
    }

    @Test
    void clientPropertiesWithoutAClusterAreRefusedRatherThanDroppedByTheEmbeddedBroker() throws Exception {
        Path properties = Files.writeString(dir.resolve("client.properties"), "num.stream.threads=2\n");

        Cli cli = Cli.run("run", "scorer", "--kafka-config", properties.toString(),
                "--state-dir", dir.resolve("state").toString(), "--kafka-dir", dir.resolve("kafka").toString());

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("--kafka-config " + properties, "no cluster is named", "--bootstrap-servers");
        assertThat(Files.exists(dir.resolve("kafka"))).isFalse();
    }

    @Test
    void aScorerThreadCountThatIsNoNumberIsRefusedWithTheOptionNamed() {
        Cli cli = Cli.run("run", "scorer", "--scorer-threads", "two");

        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("--scorer-threads");
    }
}
