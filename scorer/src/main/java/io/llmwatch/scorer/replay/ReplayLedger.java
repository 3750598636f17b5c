package io.llmwatch.scorer.replay;

import io.llmwatch.delivery.AtLeastOnceConsumer;
import io.llmwatch.event.ReplayLedgerEntry;
import io.llmwatch.topic.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this worker knows of {@code llmwatch.replay.ledger} for the partitions of
 * {@code llmwatch.replay.requests} it owns: the latest state of each replay request, {@code started}
 * or {@code finished} ({@link ReplayLedgerEntry}). The worker writes an entry to the ledger partition
 * with the number of the request's partition, so the owner of request partition p finds everything
 * about its requests in ledger partition p, which it reads to its end when it is given p, before any
 * request of p is handed to it ({@link AtLeastOnceConsumer.PartitionListener}).
 *
 * <p>Not thread-safe for loading: {@link #assigned} and {@link #revoked} run on the worker's poll
 * thread; {@link #state} and {@link #record} may be called from any thread.
 */
final class ReplayLedger implements AtLeastOnceConsumer.PartitionListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayLedger.class);
    private static final Deserializer<ReplayLedgerEntry> ENTRIES = Topics.REPLAY_LEDGER.valueSerde().deserializer();
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> reader;
    private final Duration loadTimeout;
    /** request partition → request id → latest state */
    private final Map<Integer, Map<String, String>> states = new ConcurrentHashMap<>();

    /**
     * @param settings    the worker's: the cluster's client settings and its overrides, as its other clients
     * @param loadTimeout how long reading a partition to its end may take before the worker gives up
     *                    (and its supervisor starts a new one)
     */
    ReplayLedger(ReplayWorkerSettings settings, Duration loadTimeout) {
        Map<String, Object> props = settings.clientConfig(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000));
        // read by assignment: no group, so no group.instance.id either
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        this.reader = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.loadTimeout = loadTimeout;
    }

    /** Reads the ledger partitions of {@code partitions} to their ends. */
    @Override
    public void assigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        String topic = Topics.REPLAY_LEDGER.name();
        int available = reader.partitionsFor(topic, loadTimeout).size();
        List<TopicPartition> ledger = partitions.stream().map(p -> {
            if (p.partition() >= available) {
                throw new IllegalStateException(topic + " has " + available + " partitions, fewer than "
                        + Topics.REPLAY_REQUESTS.name() + ": it needs as many (partition " + p.partition() + " is missing)");
            }
            return new TopicPartition(topic, p.partition());
        }).toList();
        reader.assign(ledger);
        reader.seekToBeginning(ledger);
        Map<TopicPartition, Long> end = reader.endOffsets(ledger, loadTimeout);
        Map<Integer, Map<String, String>> loaded = new HashMap<>();
        ledger.forEach(p -> loaded.put(p.partition(), new ConcurrentHashMap<>()));
        long deadline = System.nanoTime() + loadTimeout.toNanos();
        long entries = 0;
        while (ledger.stream().anyMatch(p -> reader.position(p, loadTimeout) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within " + loadTimeout);
            }
            for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                ReplayLedgerEntry entry = read(record);
                if (entry != null) {
                    loaded.get(record.partition()).put(record.key(), entry.state());
                    entries++;
                }
            }
        }
        reader.assign(List.of());
        // a request finished here earlier (the partition came back) keeps its in-memory state; the ledger adds the rest
        loaded.forEach((partition, read) -> states.merge(partition, read, (mine, fromLedger) -> {
            fromLedger.putAll(mine);
            return fromLedger;
        }));
        LOG.info("replay ledger: {} entries of partitions {} read in {} ms", entries,
                ledger.stream().map(TopicPartition::partition).toList(), (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(p -> states.remove(p.partition()));
    }

    /** The latest state of {@code requestId} in request partition {@code partition}, or null when it has none. */
    String state(int partition, String requestId) {
        Map<String, String> partitionStates = states.get(partition);
        return partitionStates == null ? null : partitionStates.get(requestId);
    }

    /** Remembers an entry this worker wrote (and the broker acknowledged). */
    void record(int partition, ReplayLedgerEntry entry) {
        states.computeIfAbsent(partition, p -> new ConcurrentHashMap<>()).put(entry.requestId(), entry.state());
    }

    private static ReplayLedgerEntry read(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return null;
        }
        try {
            return ENTRIES.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            // only the worker writes the ledger: an unreadable entry is a bug to report, not a reason to stop
            LOG.warn("replay ledger: the record at {}-{}@{} is not a ledger entry; ignored", record.topic(),
                    record.partition(), record.offset());
            return null;
        }
    }

    @Override
    public void close() {
        reader.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
