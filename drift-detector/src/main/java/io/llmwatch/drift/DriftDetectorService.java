package io.llmwatch.drift;

import org.apache.kafka.streams.KafkaStreams;
import io.llmwatch.health.HealthCheck;
import io.llmwatch.config.GroupMember;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.drift.sink.AlertDelivery;
import io.llmwatch.drift.sink.AlertSinks;
import io.llmwatch.drift.topology.DriftDetectorTopology;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.streams.StreamsConfigs;
import io.llmwatch.streams.StreamsService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Runs the drift detector's topology against a Kafka cluster and, when {@code config.webhooks()}
 * names any, delivers the alerts committed to {@code llmwatch.alerts} to them ({@link AlertDelivery},
 * at least once across crashes). Closing it stops the topology, then the delivery (waiting briefly
 * for alerts under way), then the sinks.
 */
public final class DriftDetectorService implements AutoCloseable {

    /** The Kafka Streams application id: consumer group and prefix of its internal topics. */
    public static final String APPLICATION_ID = "llmwatch-drift-detector";

    /** How long closing waits for alerts being delivered; the rest are delivered by the next process. */
    private static final Duration DELIVERY_DRAIN = Duration.ofSeconds(5);

    private final AlertSinks sinks;
    private final AlertDelivery delivery;
    private final StreamsService streams;

    public DriftDetectorService(KafkaClientSettings kafka, LlmwatchConfig config, Path stateDir) {
        this(kafka, config, stateDir, new Properties());
    }

    /**
     * With the configured price catalog and webhook counters in a registry of their own.
     *
     * @param overrides Kafka Streams settings that replace the defaults of
     *                  {@link StreamsConfigs#base}, e.g. {@code commit.interval.ms}
     */
    public DriftDetectorService(KafkaClientSettings kafka, LlmwatchConfig config, Path stateDir, Properties overrides) {
        this(kafka, config, PriceCatalog.from(config.prices()), stateDir, overrides, new SimpleMeterRegistry());
    }

    /**
     * @param catalog   the price catalog the scorer prices with (its date decides whether prices are stale)
     * @param overrides Kafka Streams settings that replace the defaults of {@link StreamsConfigs#base}
     * @param registry  where the webhook sinks count deliveries, retries and drops
     */
    public DriftDetectorService(KafkaClientSettings kafka, LlmwatchConfig config, PriceCatalog catalog, Path stateDir,
            Properties overrides, MeterRegistry registry) {
        this(kafka, config, catalog, stateDir, overrides, GroupMember.DYNAMIC, registry);
    }

    /**
     * As {@code llmwatch run} starts it.
     *
     * @param member how the topology's and the webhook delivery's consumers join their groups
     */
    public DriftDetectorService(KafkaClientSettings kafka, LlmwatchConfig config, PriceCatalog catalog, Path stateDir,
            GroupMember member, MeterRegistry registry) {
        this(kafka, config, catalog, stateDir, new Properties(), member, registry);
    }

    private DriftDetectorService(KafkaClientSettings kafka, LlmwatchConfig config, PriceCatalog catalog, Path stateDir,
            Properties overrides, GroupMember member, MeterRegistry registry) {
        Properties props = StreamsConfigs.base(APPLICATION_ID, kafka, stateDir);
        props.putAll(member.streamsConfig());
        props.putAll(overrides);
        this.sinks = AlertSinks.webhooks(config.webhooks(), registry);
        AlertDelivery alertDelivery = null;
        try {
            alertDelivery = sinks.isEmpty() ? null
                    : new AlertDelivery(kafka, sinks, config.webhooks().values(), member, Map.of());
            this.streams = new StreamsService(APPLICATION_ID, DriftDetectorTopology.build(config, catalog), props);
        } catch (RuntimeException e) {
            if (alertDelivery != null) {
                alertDelivery.close();
            }
            sinks.close();
            throw e;
        }
        this.delivery = alertDelivery;
    }

    public DriftDetectorService start() {
        streams.start();
        if (delivery != null) {
            delivery.start();
        }
        return this;
    }

    /** Waits until the topology is processing; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return streams.awaitRunning(timeout);
    }

    /** Dead, crash-looping or rebalancing, and its lag, for the probes. */
    public HealthCheck health() {
        return streams;
    }

    /** The running Kafka Streams instance, e.g. for its metrics. */
    public KafkaStreams streams() {
        return streams.streams();
    }

    @Override
    public void close() {
        try {
            streams.close();
        } finally {
            try {
                if (delivery != null) {
                    delivery.close(DELIVERY_DRAIN);
                }
            } finally {
                sinks.close();
            }
        }
    }
}
