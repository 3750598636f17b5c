package io.llmwatch.app.bench;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.streams.StreamsConfigs;
import io.llmwatch.streams.StreamsService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.streams.Topology;

/**
 * A round's instances in this JVM: Kafka Streams instances of one application with the production
 * settings ({@link StreamsConfigs#base}), each with its own state directory, consumer and
 * transactional producer. A child JVM of {@link ChildJvms} runs one of these too.
 */
final class LocalInstances implements RoundInstances {

    private final String applicationId;
    private final Supplier<Topology> topologies;
    private final int count;
    private final Map<String, String> overrides;
    private final String bootstrap;
    private final Path stateDir;
    /** Also read by the steady rate's sampler while {@link #start} adds to it. */
    private final List<StreamsService> services = new CopyOnWriteArrayList<>();
    private final SteadyRate.Counter counter = new SteadyRate.Counter();

    /**
     * @param topologies one topology per instance (a Topology is never shared between KafkaStreams instances)
     * @param overrides  Kafka Streams settings on top of the production ones (e.g. {@code num.stream.threads})
     * @param stateDir   the instances' states go under {@code stateDir/applicationId/instance-i}
     */
    LocalInstances(String applicationId, Supplier<Topology> topologies, int count, Map<String, String> overrides, String bootstrap, Path stateDir) {
        this.applicationId = applicationId;
        this.topologies = topologies;
        this.count = count;
        this.overrides = Map.copyOf(overrides);
        this.bootstrap = bootstrap;
        this.stateDir = stateDir;
    }

    @Override
    public void start(Duration timeout) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            Properties props = StreamsConfigs.base(applicationId, KafkaClientSettings.of(bootstrap),
                    stateDir.resolve(applicationId).resolve("instance-" + i));
            props.putAll(overrides);
            services.add(new StreamsService(applicationId, topologies.get(), props));
        }
        services.forEach(StreamsService::start);
        for (StreamsService service : services) {
            if (!service.awaitRunning(timeout)) {
                throw new IllegalStateException(applicationId + " did not start within " + timeout);
            }
        }
    }

    @Override
    public long otherProcessesCpuNanos() {
        return 0;
    }

    @Override
    public long droppedRecords() {
        return services.stream().mapToLong(service -> ThroughputRounds.droppedRecords(service.streams())).sum();
    }

    @Override
    public long processedCalls() {
        return counter.processedCalls(services.stream().map(StreamsService::streams).toList());
    }

    @Override
    public void close() {
        services.forEach(StreamsService::close);
    }
}
