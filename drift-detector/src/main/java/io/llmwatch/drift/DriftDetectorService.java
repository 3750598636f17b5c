package io.llmwatch.drift;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.drift.topology.DriftDetectorTopology;
import io.llmwatch.streams.StreamsConfigs;
import io.llmwatch.streams.StreamsService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/** Runs the drift detector's topology against a Kafka cluster. */
public final class DriftDetectorService implements AutoCloseable {

    /** The Kafka Streams application id: consumer group and prefix of its internal topics. */
    public static final String APPLICATION_ID = "llmwatch-drift-detector";

    private final StreamsService streams;

    public DriftDetectorService(String bootstrapServers, LlmwatchConfig config, Path stateDir) {
        this(bootstrapServers, config, stateDir, new Properties());
    }

    /**
     * @param overrides Kafka Streams settings that replace the defaults of
     *                  {@link StreamsConfigs#base}, e.g. {@code commit.interval.ms}
     */
    public DriftDetectorService(String bootstrapServers, LlmwatchConfig config, Path stateDir, Properties overrides) {
        Properties props = StreamsConfigs.base(APPLICATION_ID, bootstrapServers, stateDir);
        props.putAll(overrides);
        this.streams = new StreamsService(APPLICATION_ID, DriftDetectorTopology.build(config), props);
    }

    public DriftDetectorService start() {
        streams.start();
        return this;
    }

    /** Waits until the topology is processing; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return streams.awaitRunning(timeout);
    }

    @Override
    public void close() {
        streams.close();
    }
}
