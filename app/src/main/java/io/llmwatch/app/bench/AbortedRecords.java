package io.llmwatch.app.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Records that transactions wrote to a topic and then aborted: read_uncommitted sees them,
 * read_committed does not. Under exactly-once an aborted transaction is work done twice (a task
 * migrated, a producer fenced, a commit that timed out), so a throughput figure should say how much
 * of it there was. The records are counted, not the transactions: Kafka exposes no count of these.
 */
record AbortedRecords(String topic, long committed, long uncommitted) {

    static AbortedRecords count(String bootstrap, String topic) {
        return since(bootstrap, topic, Map.of());
    }

    /** The records written to {@code topic} from offsets {@code from} on (a partition not in it: from its beginning). */
    static AbortedRecords since(String bootstrap, String topic, Map<TopicPartition, Long> from) {
        return new AbortedRecords(topic, count(bootstrap, topic, from, IsolationLevel.READ_COMMITTED),
                count(bootstrap, topic, from, IsolationLevel.READ_UNCOMMITTED));
    }

    /** The end offsets (high watermarks) of {@code topic}'s partitions now: where {@link #since} starts for what is written next. */
    static Map<TopicPartition, Long> ends(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, IsolationLevel.READ_UNCOMMITTED)) {
            return consumer.endOffsets(partitions(consumer, topic));
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, IsolationLevel isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
    }

    private static long count(String bootstrap, String topic, Map<TopicPartition, Long> from, IsolationLevel isolation) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, isolation)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            from.forEach(consumer::seek);
            // read_committed ends at the last stable offset, read_uncommitted at the high watermark
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long records = 0;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                records += consumer.poll(Duration.ofMillis(200)).count();
            }
            return records;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "aborted records on %s: %,d (read_uncommitted %,d, read_committed %,d)",
                topic, uncommitted - committed, uncommitted, committed);
    }
}
