package io.llmwatch.app.kafka;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
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
 * Follows some topics from their beginning (or their end) on a background thread and hands every
 * record to a handler. No consumer group and read_committed: a view of everything the exactly-once
 * pipeline has committed, the same for every reader. A handler that throws skips that record, not
 * the rest.
 */
public final class TopicTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Topic<?, ?>> topics;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final Thread thread;
    private final boolean fromBeginning;
    private volatile boolean running = true;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    public TopicTail(KafkaClientSettings kafka, String clientId, List<Topic<?, ?>> topics,
                     Consumer<ConsumerRecord<String, byte[]>> handler) {
        this(kafka, clientId, topics, true, handler);
    }

    /** @param fromBeginning false to follow only what is published after the tail starts */
    public TopicTail(KafkaClientSettings kafka, String clientId, List<Topic<?, ?>> topics, boolean fromBeginning,
                     Consumer<ConsumerRecord<String, byte[]>> handler) {
        this.fromBeginning = fromBeginning;
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        this.consumer = new KafkaConsumer<>(kafka.clientConfig(props), new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
    }

    public TopicTail start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<?, ?> topic : topics) {
                consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
                // resolves the end offsets now, not at the first poll: "after the tail starts"
                partitions.forEach(consumer::position);
            }
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    try {
                        handler.accept(record);
                    } catch (RuntimeException e) {
                        LOG.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // close() woke us up
        } catch (RuntimeException e) {
            LOG.error("{} stopped reading: {}", thread.getName(), e.toString());
            stopped.completeExceptionally(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            stopped.complete(null);
        }
    }

    /** Completes when the tail stops: normally once closed, exceptionally when reading failed (e.g. refused credentials). */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** Reads a record's value with the topic's serde. */
    public static <V> V value(Topic<String, V> topic, ConsumerRecord<String, byte[]> record) {
        return topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
