package io.llmwatch.app.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;
import org.testcontainers.containers.FixedHostPortGenericContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;

/**
 * A KRaft cluster of {@code apache/kafka} containers, each broker and controller at once. Brokers
 * talk to each other on the Docker network; each also listens on a fixed port of the host, which it
 * advertises, so that clients in the test JVM reach every broker directly.
 */
final class KafkaNodes implements AutoCloseable {

    static final String IMAGE = "apache/kafka:4.1.1";

    private final Network network;
    private final List<GenericContainer<?>> nodes;
    private final List<Integer> hostPorts;

    private KafkaNodes(Network network, List<GenericContainer<?>> nodes, List<Integer> hostPorts) {
        this.network = network;
        this.nodes = nodes;
        this.hostPorts = hostPorts;
    }

    /**
     * @param external the security protocol and settings of the host listener, e.g. SASL; empty = plaintext
     */
    @SuppressWarnings("deprecation") // the fixed host port is what the broker must advertise
    static KafkaNodes start(int count, Map<String, String> external) {
        Network network = Network.newNetwork();
        String clusterId = Uuid.randomUuid().toString();
        List<Integer> ports = IntStream.range(0, count).mapToObj(i -> freePort()).toList();
        String voters = IntStream.rangeClosed(1, count).mapToObj(id -> id + "@kafka-" + id + ":9093")
                .collect(Collectors.joining(","));
        short replication = (short) Math.min(3, count);
        List<GenericContainer<?>> nodes = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            int hostPort = ports.get(id - 1);
            Map<String, String> env = new HashMap<>(Map.ofEntries(
                    Map.entry("CLUSTER_ID", clusterId),
                    Map.entry("KAFKA_NODE_ID", Integer.toString(id)),
                    Map.entry("KAFKA_PROCESS_ROLES", "broker,controller"),
                    Map.entry("KAFKA_CONTROLLER_QUORUM_VOTERS", voters),
                    Map.entry("KAFKA_LISTENERS", "INTERNAL://:19092,EXTERNAL://:9092,CONTROLLER://:9093"),
                    Map.entry("KAFKA_ADVERTISED_LISTENERS", "INTERNAL://kafka-" + id + ":19092,EXTERNAL://localhost:" + hostPort),
                    Map.entry("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:"
                            + external.getOrDefault("protocol", "PLAINTEXT")),
                    Map.entry("KAFKA_INTER_BROKER_LISTENER_NAME", "INTERNAL"),
                    Map.entry("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"),
                    Map.entry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", Short.toString(replication)),
                    Map.entry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", Short.toString(replication)),
                    Map.entry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", Integer.toString(Math.max(1, replication - 1))),
                    Map.entry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0"),
                    Map.entry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")));
            external.forEach((key, value) -> {
                if (!key.equals("protocol")) {
                    env.put(key, value);
                }
            });
            GenericContainer<?> node = new FixedHostPortGenericContainer<>(IMAGE)
                    .withFixedExposedPort(hostPort, 9092)
                    .withNetwork(network)
                    .withNetworkAliases("kafka-" + id)
                    .withEnv(env)
                    .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1));
            nodes.add(node);
        }
        // The quorum forms only once a majority of the controllers runs: start them together, each on
        // its own thread (a parallel stream would use the common pool, two threads on two cores).
        Startables.deepStart(nodes).join();
        return new KafkaNodes(network, nodes, ports);
    }

    String bootstrapServers() {
        return hostPorts.stream().map(p -> "localhost:" + p).collect(Collectors.joining(","));
    }

    /** Kills broker {@code id} (1-based) at once, as a crash would: no controlled shutdown. */
    void kill(int id) {
        GenericContainer<?> node = nodes.get(id - 1);
        node.getDockerClient().killContainerCmd(node.getContainerId()).exec();
    }

    @Override
    public void close() {
        nodes.forEach(GenericContainer::stop);
        network.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
