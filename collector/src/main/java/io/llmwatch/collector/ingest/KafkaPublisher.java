package io.llmwatch.collector.ingest;

import io.llmwatch.topic.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The collector's one Kafka producer, shared by all endpoints. Records are serialized with the
 * serdes of their {@link Topic} and sent as bytes, so one producer serves every topic.
 *
 * <p>{@link #sendAll} returns only once Kafka has acknowledged every record ({@code acks=all},
 * idempotent), or throws within the send timeout: a caller answering 2xx after it knows its records
 * are durable, and never waits forever.
 */
public final class KafkaPublisher implements AutoCloseable {

    private static final int LINGER_MS = 5;
    private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    private static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;

    private final Producer<byte[], byte[]> producer;
    private final Duration sendTimeout;
    private final PublishHealth health;

    KafkaPublisher(CollectorOptions options, PublishHealth health) {
        this.producer = new KafkaProducer<>(producerConfig(options), new ByteArraySerializer(), new ByteArraySerializer());
        this.sendTimeout = options.sendTimeout();
        this.health = health;
    }

    static Map<String, Object> producerConfig(CollectorOptions options) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, options.sendTimeout().toMillis());
        // A dead letter carries a whole rejected body in base64 (4/3 of it) plus the errors.
        int maxRequestSize = (int) Math.min(Integer.MAX_VALUE,
                Math.max(DEFAULT_MAX_REQUEST_SIZE, options.maxBodyBytes() * 3 / 2 + 64 * 1024));
        return options.kafka().clientConfig(Map.ofEntries(
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "llmwatch-collector"),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS),
                // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs - LINGER_MS),
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs),
                Map.entry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize),
                Map.entry(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(DEFAULT_BUFFER_MEMORY, 4L * maxRequestSize))));
    }

    /** The producer itself, for its client metrics. */
    Producer<byte[], byte[]> producer() {
        return producer;
    }

    /** A record for {@code topic} stamped with {@code timestamp}, serialized with the topic's serdes. */
    public <K, V> ProducerRecord<byte[], byte[]> record(Topic<K, V> topic, K key, V value, Instant timestamp) {
        return new ProducerRecord<>(topic.name(), null, timestamp.toEpochMilli(),
                topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    /**
     * Sends all records and waits until Kafka acknowledged each of them, at most the send timeout in
     * all. On failure some records may have been written: callers rely on {@code call_id} being the
     * idempotency key downstream, so that a retry of the whole request is safe.
     */
    public void sendAll(List<ProducerRecord<byte[], byte[]>> records) throws PublishException {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<byte[], byte[]> record : records) {
                if (System.nanoTime() - deadline >= 0) {
                    throw notAcknowledged();
                }
                Future<RecordMetadata> ack = producer.send(record);
                // A send that failed at once (no metadata within max.block.ms, record too large) would
                // fail the same way for every following record: stop instead of blocking again.
                if (ack.isDone()) {
                    ack.get();
                }
                acks.add(ack);
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw failed(notAcknowledged());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(e);
        } catch (KafkaException e) {
            throw failed(e);
        }
        health.succeeded();
    }

    /**
     * Sends one record without waiting for it; the future completes when Kafka acknowledged it, or
     * exceptionally. For records whose sender must not wait, such as proxied calls.
     */
    CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    health.succeeded();
                    ack.complete(metadata);
                } else {
                    failed(error);
                    ack.completeExceptionally(error);
                }
            });
        } catch (KafkaException e) {
            failed(e);
            ack.completeExceptionally(e);
        }
        return ack;
    }

    private TimeoutException notAcknowledged() {
        return new TimeoutException("not acknowledged within " + sendTimeout.toMillis() + " ms");
    }

    private PublishException failed(Throwable cause) {
        PublishException failure = new PublishException(cause);
        // A record too large is the request's fault, not a sign that Kafka is failing.
        if (!failure.recordTooLarge()) {
            health.failed(cause);
        }
        return failure;
    }

    /** Sends what is still buffered (bounded by the send timeout) and releases the producer. */
    @Override
    public void close() {
        producer.close(sendTimeout);
    }
}
