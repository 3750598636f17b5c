package io.llmwatch.scorer;

import io.llmwatch.health.HealthCheck;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.topology.ScorerTopology;
import io.llmwatch.streams.StreamsConfigs;
import io.llmwatch.streams.StreamsService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs the {@link ScorerTopology scoring topology} against a Kafka cluster as application
 * {@value #APPLICATION_ID}, exactly-once.
 *
 * <pre>{@code
 * try (ScorerService scorer = new ScorerService(kafka, config, PriceCatalog.from(config.prices()), stateDir)) {
 *     scorer.start().awaitRunning(Duration.ofSeconds(30));
 *     ...
 * }
 * }</pre>
 */
public final class ScorerService implements AutoCloseable {

    public static final String APPLICATION_ID = "llmwatch-scorer";

    private final StreamsService service;

    public ScorerService(KafkaClientSettings kafka, LlmwatchConfig config, PriceCatalog catalog, Path stateDir) {
        this(kafka, config, catalog, stateDir, new Properties());
    }

    /**
     * @param overrides Kafka Streams settings applied on top of {@link StreamsConfigs#base} (e.g.
     *                  {@code num.stream.threads}, {@code commit.interval.ms})
     */
    public ScorerService(KafkaClientSettings kafka, LlmwatchConfig config, PriceCatalog catalog, Path stateDir,
                         Properties overrides) {
        Properties props = StreamsConfigs.base(APPLICATION_ID, kafka, stateDir);
        props.putAll(overrides);
        this.service = new StreamsService(APPLICATION_ID, ScorerTopology.build(config, catalog), props);
    }

    public ScorerService start() {
        service.start();
        return this;
    }

    /** Waits until the topology has its tasks assigned and is processing; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return service.awaitRunning(timeout);
    }

    /** The running Kafka Streams instance, e.g. for its state or metrics. */
    public KafkaStreams streams() {
        return service.streams();
    }

    /** Dead, crash-looping or rebalancing, and its lag, for the probes. */
    public HealthCheck health() {
        return service;
    }

    @Override
    public void close() {
        service.close();
    }
}
