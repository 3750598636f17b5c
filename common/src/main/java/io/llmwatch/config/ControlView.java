package io.llmwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import io.llmwatch.topic.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live entries of {@code llmwatch.control} for components that are not Kafka Streams
 * applications (the collector's proxy, the replay worker), which read it as the topologies read
 * their global table: from the beginning, on one background thread, without a consumer group. A
 * tombstone removes an entry; a value that is not JSON is logged and ignored. Each change is also
 * handed to the listener, on the reading thread.
 */
public final class ControlView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlView.class);

    private final Map<String, JsonNode> entries = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final BiConsumer<String, JsonNode> listener;
    private final Thread thread;
    private volatile boolean closed;
    private boolean started;

    /**
     * @param clientId names the consumer (and its thread) in logs and broker metrics
     * @param listener called with each key and its new value (null when removed)
     */
    public ControlView(KafkaClientSettings kafka, String clientId, BiConsumer<String, JsonNode> listener) {
        this.listener = listener;
        this.consumer = new KafkaConsumer<>(kafka.clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
    }

    /** Starts reading; entries already on the topic become visible shortly after. */
    public synchronized ControlView start() {
        if (!closed && !started) {
            started = true;
            thread.start();
        }
        return this;
    }

    /** The live value of {@code key}, null when there is none. */
    public JsonNode get(String key) {
        return entries.get(key);
    }

    /** The keys that have a live value now. */
    public Set<String> keys() {
        return Set.copyOf(entries.keySet());
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONTROL.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                LOG.info("no {} topic: only the config file applies", Topics.CONTROL.name());
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record.key(), record.value());
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("reading live entries from {} stopped: {}", Topics.CONTROL.name(), e.toString());
        } finally {
            consumer.close();
        }
    }

    private void apply(String key, byte[] value) {
        if (key == null) {
            return;
        }
        JsonNode parsed = null;
        if (value != null) {
            try {
                parsed = Json.mapper().readTree(value);
            } catch (IOException e) {
                LOG.warn("ignoring {} on {}: not JSON", key, Topics.CONTROL.name());
                return;
            }
        }
        if (parsed == null || parsed.isNull()) {
            entries.remove(key);
        } else {
            entries.put(key, parsed);
        }
        listener.accept(key, parsed == null || parsed.isNull() ? null : parsed);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!started) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
