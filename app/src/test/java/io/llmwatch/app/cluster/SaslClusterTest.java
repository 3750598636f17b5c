package io.llmwatch.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.app.Cli;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The CLI against an {@code apache/kafka} broker that requires SASL/PLAIN on its client listener,
 * configured only through {@code --kafka-config}. Skipped where no Docker engine runs
 * ("disabledWithoutDocker is true and Docker is not available"); {@code SecuredClusterTest} covers the same on the embedded broker.
 */
@Testcontainers(disabledWithoutDocker = true)
class SaslClusterTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required";
    static KafkaNodes cluster;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startASaslBroker() {
        cluster = KafkaNodes.start(1, Map.of(
                "protocol", "SASL_PLAINTEXT",
                "KAFKA_SASL_ENABLED_MECHANISMS", "PLAIN",
                "KAFKA_LISTENER_NAME_EXTERNAL_PLAIN_SASL_JAAS_CONFIG", JAAS + " user_llmwatch=\"right-secret\";"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void configSetAndGetWithTheRightCredentialsAndAClearErrorWithWrongOnes() throws Exception {
        Path good = Cli.saslPlainProperties(dir.resolve("good.properties"), "llmwatch", "right-secret");
        Path wrong = Cli.saslPlainProperties(dir.resolve("wrong.properties"), "llmwatch", "wrong-secret");
        assertThat(cli("run", "query", "--query-port", "0", "--management-port", "0",
                "--state-dir", dir.resolve("never").toString(), "--kafka-config", wrong.toString()).err())
                .contains("Kafka refused the credentials");

        assertThat(cli("config", "set", "task/support/chat", "{\"margin\": 0.04}", "--kafka-config", good.toString()).exit())
                .isZero();
        assertThat(cli("config", "get", "task/support/chat", "--kafka-config", good.toString()).out()).contains("0.04");

        Cli refused = cli("config", "get", "task/support/chat", "--kafka-config", wrong.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("Kafka refused the credentials").doesNotContain("wrong-secret");
    }

    private static Cli cli(String... args) {
        return Cli.run(Stream.concat(Arrays.stream(args), Stream.of("--bootstrap-servers", cluster.bootstrapServers()))
                .toArray(String[]::new));
    }
}
