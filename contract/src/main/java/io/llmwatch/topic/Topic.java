package io.llmwatch.topic;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with everything needed to use it: its name, the serdes of its keys and values, and
 * the configuration it is created with. Topologies and clients take all three from here, so a topic
 * name is written once, in {@link Topics}.
 *
 * @param name    the llmwatch name, e.g. {@code llmwatch.calls}; {@link #name()} adds the topic prefix
 * @param configs topic-level configs ({@code cleanup.policy}, {@code retention.ms}, …) used when
 *                llmwatch creates the topic
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {

    /**
     * {@code topics.prefix} of this process. One setting for the whole JVM rather than a parameter:
     * topic names are constants that every topology and client reads, and one process serves one
     * installation.
     */
    private static volatile String prefix = "";

    public Topic {
        configs = Map.copyOf(configs);
    }

    /** Puts {@code value} before every topic name from now on ({@code ""}: none). */
    public static void usePrefix(String value) {
        prefix = value == null ? "" : value;
    }

    /** The name on the cluster: the process's topic prefix, then the llmwatch name. */
    @Override
    public String name() {
        return prefix + name;
    }

    @Override
    public String toString() {
        return name();
    }
}
