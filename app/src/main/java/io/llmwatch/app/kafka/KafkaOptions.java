package io.llmwatch.app.kafka;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.topic.Topic;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command that talks to Kafka takes, so that a secured cluster is configured the
 * same way for {@code run}, {@code config}, {@code alerts}, {@code import} and {@code reevaluate}.
 * See {@link KafkaClientSettings} for what wins over what.
 */
public final class KafkaOptions {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOptions.class);

    /** Where the CLI looks for a cluster when nothing names one: the {@code run} default's port. */
    public static final String LOCAL = "localhost:9092";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = {"Kafka cluster (default: $" + KafkaClientSettings.BOOTSTRAP_ENV
                    + ", else bootstrap.servers of the Kafka client properties,",
                    "else " + LOCAL + "; for run: else a broker embedded in the process)"})
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = {"Kafka client properties (security.protocol, sasl.*, ssl.*, ...) for every client,",
                    "on top of the kafka: map of llmwatch.yaml; ${NAME} reads an environment variable"})
    Path kafkaConfig;

    /**
     * The settings for the given configuration; also applies its topic prefix to this process.
     *
     * @param defaultBootstrap null when the caller embeds a broker if no cluster is named
     * @return null only when no cluster is named and {@code defaultBootstrap} is null
     */
    public KafkaClientSettings settings(LlmwatchConfig config, String defaultBootstrap) {
        Topic.usePrefix(config.topics().prefix());
        KafkaClientSettings settings = KafkaClientSettings.resolve(bootstrapServers, kafkaConfig, config, System::getenv,
                defaultBootstrap);
        if (settings == null) {
            // The embedded broker is plaintext and its clients take llmwatch's own settings: client
            // properties meant for a cluster would be dropped without a word.
            if (kafkaConfig != null) {
                throw new IllegalArgumentException("--kafka-config " + kafkaConfig + ": no cluster is named (--bootstrap-servers, $"
                        + KafkaClientSettings.BOOTSTRAP_ENV + " or bootstrap.servers in the file), and the broker run"
                        + " embeds without one takes no client properties");
            }
            if (!config.kafka().isEmpty()) {
                LOG.warn("no cluster is named: running an embedded broker, whose clients ignore the kafka: map of the"
                        + " configuration (keys {})", config.kafka().keySet());
            }
        }
        return settings;
    }

    /** For CLI commands: the settings with {@code ./llmwatch.yaml} when present, else {@value #LOCAL}. */
    public KafkaClientSettings settings() {
        return settings(ConfigFiles.local(), LOCAL);
    }
}
