package io.llmwatch.app.kafka;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.topic.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The latest value of every key of a (compacted) topic, read once up to its current end. */
public final class TopicSnapshot {

    private TopicSnapshot() {
    }

    /** Key → latest value; a tombstone removes its key. */
    public static Map<String, byte[]> read(KafkaClientSettings kafka, Topic<String, ?> topic, Duration timeout)
            throws TimeoutException {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "llmwatch-snapshot");
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(kafka.clientConfig(props), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<String, byte[]> latest = new TreeMap<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new TimeoutException("reading " + topic.name() + " did not finish within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), record.value());
                    }
                }
            }
            return latest;
        }
    }
}
