package io.llmwatch.app.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How often each key ({@code call_id}) appears on a topic, read from the beginning, by default
 * {@code read_committed}: what a downstream consumer would count. Read {@code read_uncommitted}, it
 * also counts the records of aborted transactions. Keys only, values are not parsed.
 */
final class TopicCounts implements AutoCloseable {

    /** Distinct keys with a prefix, and records carrying them. */
    record Count(long distinct, long records) {
        long doubled() {
            return records - distinct;
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    TopicCounts(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, "read_committed");
    }

    TopicCounts(String bootstrapServers, String topic, String isolationLevel) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what arrived since the last call, up to the end, and counts the keys starting with {@code prefix}. */
    synchronized Count count(String prefix) {
        // a poll returns at most max.poll.records: read on until one returns nothing
        for (var records = consumer.poll(Duration.ofMillis(300)); !records.isEmpty(); records = consumer.poll(Duration.ofMillis(300))) {
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.key() != null) {
                    counts.merge(record.key(), 1, Integer::sum);
                }
            }
        }
        long distinct = 0;
        long records = 0;
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            if (entry.getKey().startsWith(prefix)) {
                distinct++;
                records += entry.getValue();
            }
        }
        return new Count(distinct, records);
    }

    synchronized boolean contains(String key) {
        return counts.containsKey(key);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
