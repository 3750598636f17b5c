package io.llmwatch.topic;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with everything needed to use it: its name, the serdes of its keys and values, and
 * the configuration it is created with. Topologies and clients take all three from here, so a topic
 * name is written once, in {@link Topics}.
 *
 * @param configs topic-level configs ({@code cleanup.policy}, {@code retention.ms}, …) used when
 *                llmwatch creates the topic
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {

    public Topic {
        configs = Map.copyOf(configs);
    }

    @Override
    public String toString() {
        return name;
    }
}
