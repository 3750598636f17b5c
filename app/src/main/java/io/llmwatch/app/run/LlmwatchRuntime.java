package io.llmwatch.app.run;

import io.llmwatch.app.query.QueryServer;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.collector.ingest.CollectorOptions;
import io.llmwatch.collector.ingest.CollectorServer;
import io.llmwatch.collector.proxy.ProxyOptions;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.drift.DriftDetectorService;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.ScorerService;
import io.llmwatch.scorer.replay.ReplayService;
import io.llmwatch.scorer.replay.ReplaySupervisor;
import io.llmwatch.topic.TopicSetup;
import io.llmwatch.topic.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chosen llmwatch components running in this process, against a Kafka cluster or, when no
 * bootstrap servers are given, against a real broker embedded in this JVM. Closes in reverse order
 * of start, so the broker goes last.
 */
public final class LlmwatchRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LlmwatchRuntime.class);

    /**
     * @param bootstrapServers a Kafka cluster, or null to embed a broker on {@code kafkaPort}
     * @param kafkaPort        port of the embedded broker (0 = any free port)
     * @param collectorPort    HTTP port of the collector (0 = any free port)
     * @param queryPort        HTTP port of the query API (0 = any free port)
     * @param partitions       partitions of each topic llmwatch creates (existing topics are left as they are)
     * @param apiKeys          keys the collector requires ({@link ApiKeys#disabled()}: none)
     * @param kafkaDir         the embedded broker's log directory, kept across restarts and crashes; null: a
     *                         temporary one, deleted on close (the demo's choice)
     */
    public record Options(Set<Component> components, String bootstrapServers, int kafkaPort, int collectorPort,
                          int queryPort, Path stateDir, LlmwatchConfig config, PriceCatalog catalog, int partitions,
                          ApiKeys apiKeys, Path kafkaDir) {

        /** Options with an ephemeral embedded broker. */
        public Options(Set<Component> components, String bootstrapServers, int kafkaPort, int collectorPort,
                       int queryPort, Path stateDir, LlmwatchConfig config, PriceCatalog catalog, int partitions,
                       ApiKeys apiKeys) {
            this(components, bootstrapServers, kafkaPort, collectorPort, queryPort, stateDir, config, catalog,
                    partitions, apiKeys, null);
        }

        /** Options whose collector requires no key (tests, embedding); {@code llmwatch run} always passes keys. */
        public Options(Set<Component> components, String bootstrapServers, int kafkaPort, int collectorPort,
                       int queryPort, Path stateDir, LlmwatchConfig config, PriceCatalog catalog, int partitions) {
            this(components, bootstrapServers, kafkaPort, collectorPort, queryPort, stateDir, config, catalog,
                    partitions, ApiKeys.disabled());
        }
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private String bootstrapServers;
    private int collectorPort = -1;
    private int queryPort = -1;

    private LlmwatchRuntime() {
    }

    public static LlmwatchRuntime start(Options options) throws InterruptedException {
        LlmwatchRuntime runtime = new LlmwatchRuntime();
        try {
            runtime.startAll(options);
        } catch (RuntimeException | InterruptedException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    private void startAll(Options o) throws InterruptedException {
        // One registry for every component of this process, scraped on the collector's /metrics.
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bootstrapServers = o.bootstrapServers();
        if (bootstrapServers == null) {
            // A given log dir survives a clean stop and a kill -9: topics, offsets, llmwatch.control and the
            // Streams changelogs (dedup, budgets) are all in it.
            EmbeddedKafka kafka = EmbeddedKafka.builder().port(o.kafkaPort()).partitions(o.partitions())
                    .logDir(o.kafkaDir()).start();
            started.push(kafka);
            bootstrapServers = kafka.bootstrapServers();
        } else {
            TopicSetup.ensure(bootstrapServers, Topics.all(), o.partitions(), Optional.empty());
        }
        if (o.components().contains(Component.SCORER)) {
            ScorerService scorer = new ScorerService(bootstrapServers, o.config(), o.catalog(), o.stateDir().resolve("scorer"));
            started.push(scorer);
            scorer.start();
            ReplayService replay = new ReplayService(bootstrapServers, o.config(), o.catalog(), meters);
            started.push(replay);
            replay.start();
        }
        if (o.components().contains(Component.DRIFT_DETECTOR)) {
            DriftDetectorService detector = new DriftDetectorService(bootstrapServers, o.config(), o.catalog(),
                    o.stateDir().resolve("drift-detector"), new Properties(), meters);
            started.push(detector);
            detector.start();
        }
        if (o.components().contains(Component.QUERY)) {
            QueryServer query = new QueryServer(bootstrapServers, o.queryPort());
            started.push(query);
            queryPort = query.start();
            LOG.info("query API on http://127.0.0.1:{}/api/leaderboard", queryPort);
        }
        if (o.components().contains(Component.COLLECTOR)) {
            CollectorServer collector = new CollectorServer(
                    CollectorOptions.defaults(bootstrapServers).withPort(o.collectorPort())
                            .withApiKeys(o.apiKeys())
                            .withRedaction(o.config().collector().redaction())
                            .withProxy(ProxyOptions.from(o.config())),
                    meters);
            started.push(collector);
            collectorPort = collector.start();
            LOG.info("collector on http://127.0.0.1:{}/v1/events, proxy on http://127.0.0.1:{}/proxy/<provider>/v1",
                    collectorPort, collectorPort);
        }
    }

    /** Waits until every Streams component processes; false when one did not within the timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        for (AutoCloseable c : started) {
            if (c instanceof ScorerService s && !s.awaitRunning(timeout)) {
                return false;
            }
            if (c instanceof DriftDetectorService d && !d.awaitRunning(timeout)) {
                return false;
            }
        }
        return true;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The replay worker's state (running, restarting, failed), when this process runs the scorer; for /readyz. */
    public Optional<ReplaySupervisor.Health> replayHealth() {
        return started.stream().filter(ReplayService.class::isInstance).map(ReplayService.class::cast)
                .findFirst().map(ReplayService::health);
    }

    public int collectorPort() {
        return collectorPort;
    }

    public int queryPort() {
        return queryPort;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error closing {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
