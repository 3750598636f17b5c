package io.llmwatch.kafka;

import io.llmwatch.topic.Topic;
import io.llmwatch.topic.TopicSetup;
import io.llmwatch.topic.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM,
 * for the demo, the CLI's embedded default (docs/architecture.md §10) and tests.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {   // free port, temp dir, all llmwatch topics
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * <p>The broker listens on 127.0.0.1 only. It is tuned for one node sharing a JVM with Streams
 * applications: internal topics have one replica and one partition, transactions (exactly-once
 * Streams) work, consumer groups start without the initial rebalance delay, topics are never
 * auto-created, and the log cleaner's dedupe buffer is small. Close it to stop the broker; its
 * threads are not daemons.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The client listener of a broker that requires SASL/PLAIN; the brokers' own traffic stays on {@link #BROKER_LISTENER}. */
    private static final String SASL_LISTENER = "SASL";
    /** Ports are checked or picked before the broker binds them: another process may take one meanwhile. */
    private static final int BIND_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final int port;
    /** Where llmwatch's own set-up reaches the broker: the plaintext listener, also when clients must use SASL. */
    private final int adminPort;
    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, int port, int adminPort, Path logDir, boolean deleteLogDirOnClose) {
        this.server = server;
        this.port = port;
        this.adminPort = adminPort;
        this.logDir = logDir;
        this.deleteLogDirOnClose = deleteLogDirOnClose;
    }

    /**
     * Starts a broker on a free port with a temporary log directory (deleted on close) and creates
     * every topic of {@link Topics#all()} with one partition.
     *
     * @throws IllegalStateException if the broker cannot start
     */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address clients connect to, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The port the broker listens on for clients. */
    public int port() {
        return port;
    }

    /** The directory holding the broker's logs and metadata. */
    public Path logDir() {
        return logDir;
    }

    /**
     * Creates the given topics with their {@link Topic#configs()}, one replica, and the given number
     * of partitions. Topics that already exist are left as they are.
     *
     * @throws IllegalStateException if a topic cannot be created
     */
    public void createTopics(Collection<Topic<?, ?>> topics, int partitions) {
        TopicSetup.ensure(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + adminPort), topics, partitions, Optional.of((short) 1));
    }

    /** Stops the broker and, unless the log directory was given to the builder, deletes it. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long begin = System.nanoTime();
        stop(server);
        if (deleteLogDirOnClose) {
            deleteRecursively(logDir);
        }
        LOG.debug("Embedded Kafka on {} stopped in {} ms", bootstrapServers(), millisSince(begin));
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", " + logDir + "]";
    }

    /** Options for {@link EmbeddedKafka}; each has a default fit for tests. */
    public static final class Builder {

        private int port;
        private int partitions = 1;
        private Path logDir;
        private boolean createTopics = true;
        private Map<String, String> saslUsers = Map.of();
        private final Map<String, String> brokerConfig = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The client port on 127.0.0.1; 0 (the default) picks a free one. The CLI uses 9092 so that
         * commands in other processes find the broker at their default address.
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Partitions of each llmwatch topic created at start (default 1). */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        /**
         * Where the broker keeps its data. A given directory is kept on close, and a broker started
         * again on it finds its topics and records, after a clean stop or a crash alike; null (the
         * default) uses a temporary directory, deleted on close.
         */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /**
         * Requires SASL/PLAIN on the client port, with these users and passwords (tests of secured
         * clusters). The broker then also listens in plaintext on a port of its own, for its own use.
         */
        public Builder saslPlain(Map<String, String> users) {
            this.saslUsers = Map.copyOf(users);
            return this;
        }

        /**
         * A broker setting over the built-in ones, e.g. a retention check every 100 ms in a test of
         * what retention deletes (the default checks every 5 minutes).
         */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(key, value);
            return this;
        }

        /** Whether to create every topic of {@link Topics#all()} at start (default true). */
        public Builder createTopics(boolean createTopics) {
            this.createTopics = createTopics;
            return this;
        }

        /**
         * Formats the log directory if needed, starts the broker and waits until it accepts clients.
         *
         * @throws IllegalStateException if the broker cannot start, e.g. because the port is taken
         */
        public EmbeddedKafka start() {
            long begin = System.nanoTime();
            if (port != 0 && !isFree(port)) {
                throw new IllegalStateException("Could not start embedded Kafka: port " + port + " on " + HOST
                        + " is already in use");
            }
            boolean tempDir = logDir == null;
            Path dir = tempDir ? createTempDir() : createDir(logDir);
            EmbeddedKafka kafka;
            try {
                kafka = startServer(dir, tempDir);
            } catch (RuntimeException e) {
                if (tempDir) {
                    deleteRecursively(dir);
                }
                throw e;
            }
            try {
                if (createTopics) {
                    kafka.createTopics(Topics.all(), partitions);
                }
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
            LOG.info("Embedded Kafka {} listening on {} (started in {} ms, log dir {})",
                    AppInfoParser.getVersion(), kafka.bootstrapServers(), millisSince(begin), dir);
            return kafka;
        }

        private EmbeddedKafka startServer(Path dir, boolean tempDir) {
            for (int attempt = 1; ; attempt++) {
                int[] free = freePorts(3, port);
                int brokerPort = port != 0 ? port : free[0];
                int controllerPort = free[1];
                int adminPort = saslUsers.isEmpty() ? brokerPort : free[2];
                KafkaConfig config = KafkaConfig.fromProps(brokerProps(dir, brokerPort, adminPort, controllerPort), false);
                format(config);
                KafkaRaftServer server = null;
                try {
                    server = new KafkaRaftServer(config, Time.SYSTEM);
                    server.startup();
                    return new EmbeddedKafka(server, brokerPort, adminPort, dir, tempDir);
                } catch (RuntimeException e) {
                    if (server != null) {
                        stop(server);
                    }
                    boolean portTaken = isBindFailure(e);
                    if (portTaken && attempt < BIND_ATTEMPTS && (port == 0 || isFree(port))) {
                        LOG.debug("A port was taken before the broker bound it; retrying", e);
                        continue;
                    }
                    String reason = portTaken
                            ? "a port is already in use (client port " + brokerPort + ", controller port "
                              + controllerPort + " on " + HOST + ")"
                            : rootMessage(e);
                    throw new IllegalStateException("Could not start embedded Kafka: " + reason, e);
                }
            }
        }

        private Properties brokerProps(Path dir, int brokerPort, int adminPort, int controllerPort) {
            Properties props = new Properties();
            String plaintext = BROKER_LISTENER + "://" + HOST + ":" + adminPort;
            String clients = saslUsers.isEmpty() ? plaintext : plaintext + "," + SASL_LISTENER + "://" + HOST + ":" + brokerPort;
            props.putAll(Map.ofEntries(
                    Map.entry("process.roles", "broker,controller"),
                    Map.entry("node.id", Integer.toString(NODE_ID)),
                    Map.entry("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort),
                    Map.entry("listeners", clients + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort),
                    Map.entry("advertised.listeners", clients),
                    Map.entry("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT,"
                            + SASL_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
                    Map.entry("controller.listener.names", CONTROLLER_LISTENER),
                    Map.entry("inter.broker.listener.name", BROKER_LISTENER),
                    Map.entry("log.dirs", dir.toString())));
            props.putAll(Map.ofEntries(
                    // One node: every internal topic has a single replica, or it is never created.
                    Map.entry("offsets.topic.replication.factor", "1"),
                    Map.entry("transaction.state.log.replication.factor", "1"),
                    Map.entry("transaction.state.log.min.isr", "1"),
                    Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                    Map.entry("share.coordinator.state.topic.min.isr", "1"),
                    // The 50 partitions by default each cost files and memory, and add nothing on one node.
                    Map.entry("offsets.topic.num.partitions", "1"),
                    Map.entry("transaction.state.log.num.partitions", "1"),
                    Map.entry("share.coordinator.state.topic.num.partitions", "1"),
                    Map.entry("group.initial.rebalance.delay.ms", "0"),
                    Map.entry("auto.create.topics.enable", "false"),
                    Map.entry("unstable.api.versions.enable", "false"),
                    Map.entry("unstable.feature.versions.enable", "false"),
                    // The cleaner allocates its dedupe buffer on the heap at start: 128 MiB by default.
                    Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024)),
                    Map.entry("num.network.threads", "2"),
                    Map.entry("num.io.threads", "4"),
                    Map.entry("background.threads", "2"),
                    Map.entry("num.recovery.threads.per.data.dir", "1"),
                    // After a kill -9 the restarted broker cannot register until its own controller has
                    // expired the dead incarnation's heartbeat session: 9 s by default, 3 s here. On one
                    // node there is no other broker to hand leadership to, so a longer session buys nothing.
                    Map.entry("broker.session.timeout.ms", "3000"),
                    Map.entry("broker.heartbeat.interval.ms", "1000")));
            if (!saslUsers.isEmpty()) {
                StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
                saslUsers.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
                props.put("sasl.enabled.mechanisms", "PLAIN");
                props.put("listener.name." + SASL_LISTENER.toLowerCase(Locale.ROOT) + ".plain.sasl.jaas.config",
                        jaas.append(';').toString());
            }
            props.putAll(brokerConfig);
            return props;
        }
    }

    /** Writes the cluster's bootstrap metadata into an unformatted directory; a formatted one is reused. */
    private static void format(KafkaConfig config) {
        // The formatter rejects a formatted directory of another cluster id even when told to skip it.
        if (Files.exists(Path.of(config.metadataLogDir(), "meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8))
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(config.logDirs())
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setControllerListenerName(config.controllerListenerNames().get(0))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setUnstableFeatureVersionsEnabled(false)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format the embedded Kafka log directory "
                    + config.metadataLogDir() + ": " + rootMessage(e), e);
        }
    }

    private static void stop(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka did not stop cleanly: {}", rootMessage(e));
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Distinct free ports: each socket stays open until all are picked, since a port closed at once
     * may be handed out again by the next request (seen in CI: client and controller on one port).
     */
    private static int[] freePorts(int count, int taken) {
        ServerSocket[] sockets = new ServerSocket[count + 1];
        try {
            int[] ports = new int[count];
            for (int i = 0, s = 0; i < count; s++) {
                sockets[s] = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                if (sockets[s].getLocalPort() != taken) {
                    ports[i++] = sockets[s].getLocalPort();
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Could not close the probe socket on port {}", socket.getLocalPort(), e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getName();
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("llmwatch-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory for embedded Kafka", e);
        }
    }

    private static Path createDir(Path dir) {
        try {
            return Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the embedded Kafka log directory " + dir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete the embedded Kafka log directory {}: {}", dir, e.getMessage());
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
