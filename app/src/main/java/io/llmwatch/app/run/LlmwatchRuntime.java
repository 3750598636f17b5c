package io.llmwatch.app.run;

import io.llmwatch.app.metrics.BusinessMeters;
import io.llmwatch.app.metrics.ManagementServer;
import io.llmwatch.app.metrics.ProcessMeters;
import io.llmwatch.app.query.QueryServer;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.collector.ingest.CollectorOptions;
import io.llmwatch.collector.ingest.CollectorServer;
import io.llmwatch.collector.ingest.RequestLimits;
import io.llmwatch.collector.proxy.ProxyOptions;
import io.llmwatch.config.GroupMember;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.drift.DriftDetectorService;
import io.llmwatch.health.BrokerCheck;
import io.llmwatch.health.HealthChecks;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.ScorerService;
import io.llmwatch.scorer.replay.ReplayService;
import io.llmwatch.topic.TopicSetup;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
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
     * @param kafka            a Kafka cluster and its client settings, or null to embed a broker on {@code kafkaPort}
     * @param kafkaPort        port of the embedded broker (0 = any free port)
     * @param collectorPort    HTTP port of the collector (0 = any free port)
     * @param queryPort        HTTP port of the query API (0 = any free port)
     * @param partitions       partitions of each topic llmwatch creates (existing topics are left as they are)
     * @param apiKeys          keys the collector requires ({@link ApiKeys#disabled()}: none)
     * @param kafkaDir         the embedded broker's log directory, kept across restarts and crashes; null: a
     *                         temporary one, deleted on close (the demo's choice)
     * @param bind             the address the HTTP servers listen on ({@value CollectorOptions#DEFAULT_HOST}: this machine only)
     * @param managementPort   port of {@code /healthz}, {@code /readyz} and {@code /metrics} when neither the
     *                         collector nor the query API runs here (they serve them on their own ports); 0 = none
     * @param member           how this process's consumers join their groups: static membership lets a restarted
     *                         process take its partitions back without waiting for its session to expire
     * @param scorerThreads    the scorer's {@code num.stream.threads}, or null for the client properties' (else
     *                         Kafka's 1)
     */
    public record Options(Set<Component> components, KafkaClientSettings kafka, int kafkaPort, int collectorPort,
                          int queryPort, Path stateDir, LlmwatchConfig config, PriceCatalog catalog, int partitions,
                          ApiKeys apiKeys, Path kafkaDir, String bind, int managementPort, GroupMember member,
                          Integer scorerThreads) {

        public Options {
            member = member == null ? GroupMember.DYNAMIC : member;
            if (scorerThreads != null && scorerThreads < 1) {
                throw new IllegalArgumentException("--scorer-threads: must be at least 1, got " + scorerThreads);
            }
        }

        public Options(Set<Component> components, KafkaClientSettings kafka, int kafkaPort, int collectorPort,
                       int queryPort, Path stateDir, LlmwatchConfig config, PriceCatalog catalog, int partitions,
                       ApiKeys apiKeys, Path kafkaDir, String bind) {
            this(components, kafka, kafkaPort, collectorPort, queryPort, stateDir, config, catalog, partitions, apiKeys,
                    kafkaDir, bind, 0, GroupMember.DYNAMIC, null);
        }

        /** Options with an ephemeral embedded broker, whose servers listen on {@value CollectorOptions#DEFAULT_HOST}. */
        public Options(Set<Component> components, KafkaClientSettings kafka, int kafkaPort, int collectorPort,
                       int queryPort, Path stateDir, LlmwatchConfig config, PriceCatalog catalog, int partitions,
                       ApiKeys apiKeys) {
            this(components, kafka, kafkaPort, collectorPort, queryPort, stateDir, config, catalog,
                    partitions, apiKeys, null, CollectorOptions.DEFAULT_HOST);
        }

        /** Options whose collector requires no key (tests, embedding); {@code llmwatch run} always passes keys. */
        public Options(Set<Component> components, KafkaClientSettings kafka, int kafkaPort, int collectorPort,
                       int queryPort, Path stateDir, LlmwatchConfig config, PriceCatalog catalog, int partitions) {
            this(components, kafka, kafkaPort, collectorPort, queryPort, stateDir, config, catalog,
                    partitions, ApiKeys.disabled());
        }

        public Options withManagementPort(int port) {
            return new Options(components, kafka, kafkaPort, collectorPort, queryPort, stateDir, config, catalog,
                    partitions, apiKeys, kafkaDir, bind, port, member, scorerThreads);
        }

        public Options withMember(GroupMember value) {
            return new Options(components, kafka, kafkaPort, collectorPort, queryPort, stateDir, config, catalog,
                    partitions, apiKeys, kafkaDir, bind, managementPort, value, scorerThreads);
        }

        public Options withScorerThreads(Integer threads) {
            return new Options(components, kafka, kafkaPort, collectorPort, queryPort, stateDir, config, catalog,
                    partitions, apiKeys, kafkaDir, bind, managementPort, member, threads);
        }
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final HealthChecks checks = new HealthChecks();
    private KafkaClientSettings kafka;
    private int collectorPort = -1;
    private int queryPort = -1;
    private int managementPort = -1;

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
        // One registry for every component of this process, scraped on each of its /metrics.
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        started.push(ProcessMeters.bind(meters));
        kafka = o.kafka();
        if (kafka == null) {
            // A given log dir survives a clean stop and a kill -9: topics, offsets, llmwatch.control and the
            // Streams changelogs (dedup, budgets) are all in it.
            EmbeddedKafka broker = EmbeddedKafka.builder().port(o.kafkaPort()).partitions(o.partitions())
                    .logDir(o.kafkaDir()).start();
            started.push(broker);
            kafka = KafkaClientSettings.of(broker.bootstrapServers());
        } else {
            TopicSetup.ensure(kafka.adminConfig(), Topics.all(), o.partitions(), kafka.topics().replication());
        }
        BrokerCheck broker = new BrokerCheck(kafka, Clock.systemUTC());
        started.push(broker);
        checks.add(broker);
        if (o.components().contains(Component.SCORER)) {
            Properties scorerSettings = o.member().streamsConfig();
            if (o.scorerThreads() != null) {
                scorerSettings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, o.scorerThreads());
            }
            ScorerService scorer = new ScorerService(kafka, o.config(), o.catalog(), o.stateDir().resolve("scorer"),
                    scorerSettings);
            started.push(scorer);
            streamsMeters(scorer.streams(), meters);
            checks.add(scorer.health());
            scorer.start();
            ReplayService replay = new ReplayService(kafka, o.config(), o.catalog(), meters, o.member());
            started.push(replay);
            checks.add(replay.health());
            replay.start();
        }
        if (o.components().contains(Component.DRIFT_DETECTOR)) {
            DriftDetectorService detector = new DriftDetectorService(kafka, o.config(), o.catalog(),
                    o.stateDir().resolve("drift-detector"), o.member(), meters);
            started.push(detector);
            streamsMeters(detector.streams(), meters);
            checks.add(detector.health());
            detector.start();
        }
        if (o.components().contains(Component.QUERY)) {
            QueryServer query = new QueryServer(kafka, o.bind(), o.queryPort(), o.config().query(), checks, meters);
            started.push(query);
            queryPort = query.start();
            // One reader per installation counts the business meters: the query API is not scaled out.
            BusinessMeters business = new BusinessMeters(kafka, meters);
            started.push(business);
            business.start();
            LOG.info("dashboard on http://{}:{}/, query API on http://{}:{}/api/leaderboard{}", o.bind(), queryPort,
                    o.bind(), queryPort, o.config().query().apiKeys().isEmpty() ? "" : " (read key required)");
        }
        if (o.components().contains(Component.COLLECTOR)) {
            CollectorServer collector = new CollectorServer(
                    CollectorOptions.builder(kafka).host(o.bind()).port(o.collectorPort())
                            .apiKeys(o.apiKeys())
                            .eventTimes(o.config().pipeline().eventTimes())
                            .limits(RequestLimits.from(o.config().collector()))
                            .redaction(o.config().collector().redaction())
                            .otlpGrpcPort(o.config().collector().otlpGrpcPort())
                            // proxied calls wait here while Kafka is away, and survive a restart
                            .proxy(ProxyOptions.from(o.config()).withSpoolDirectory(o.stateDir().resolve("proxy-spool")))
                            .build(),
                    meters, checks);
            started.push(collector);
            collectorPort = collector.start();
            LOG.info("collector on http://{}:{}/v1/events, proxy on http://{}:{}/proxy/<provider>/v1",
                    o.bind(), collectorPort, o.bind(), collectorPort);
        }
        boolean servesHttp = o.components().contains(Component.COLLECTOR) || o.components().contains(Component.QUERY);
        if (!servesHttp && o.managementPort() != 0) {
            ManagementServer management = new ManagementServer(o.bind(), o.managementPort(), checks, meters);
            started.push(management);
            managementPort = management.start();
            LOG.info("health and metrics on http://{}:{}/healthz, /readyz, /metrics", o.bind(), managementPort);
        }
    }

    private void streamsMeters(KafkaStreams streams, PrometheusMeterRegistry meters) {
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams);
        binder.bindTo(meters);
        started.push(binder);
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

    /** The cluster this runtime uses: the given one, or the embedded broker. */
    public KafkaClientSettings kafka() {
        return kafka;
    }

    /** The bound management port, or -1 when there is none. */
    public int managementPort() {
        return managementPort;
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
