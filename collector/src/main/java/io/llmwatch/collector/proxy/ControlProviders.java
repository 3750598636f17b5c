package io.llmwatch.collector.proxy;

import io.llmwatch.config.ControlKey;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.json.Json;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.FieldError;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Keeps a {@link ProviderDirectory} up to date with the {@code provider/<name>} entries of
 * {@code llmwatch.control} (DESIGN §6): reads the compacted topic from its beginning on one
 * background thread, without a consumer group, and applies each entry as it arrives; a tombstone
 * removes the live entry. An entry that is not a valid provider config is logged and ignored.
 */
public final class ControlProviders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlProviders.class);
    private static final String PREFIX = ControlKey.Kind.PROVIDER.prefix() + "/";

    private final KafkaConsumer<String, byte[]> consumer;
    private final ProviderDirectory directory;
    private final Thread thread;
    private volatile boolean closed;
    private boolean started;

    public ControlProviders(String bootstrapServers, ProviderDirectory directory) {
        this.directory = directory;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "llmwatch-collector-control",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "llmwatch-collector-control");
        thread.setDaemon(true);
    }

    /** Starts reading; providers of entries already on the topic become available shortly after. */
    public synchronized void start() {
        if (!closed && !started) {
            started = true;
            thread.start();
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONTROL.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                log.info("no {} topic: only the config file's providers apply", Topics.CONTROL.name());
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
            log.error("reading live provider entries from {} stopped: {}", Topics.CONTROL.name(), e.toString());
        } finally {
            consumer.close();
        }
    }

    private void apply(String key, byte[] value) {
        if (key == null || !key.startsWith(PREFIX) || key.length() == PREFIX.length()) {
            return;
        }
        String name = key.substring(PREFIX.length());
        if (value == null) {
            directory.update(name, null);
            log.info("live provider '{}' removed; the config file's applies again, if any", name);
            return;
        }
        try {
            ProviderConfig config = Json.mapper().readValue(value, ProviderConfig.class);
            List<FieldError> errors = config.validate(key);
            if (!errors.isEmpty()) {
                log.warn("ignoring {}: {}", key, errors);
                return;
            }
            directory.update(name, config);
            log.info("live provider '{}' -> {}", name, config.baseUrl());
        } catch (IOException e) {
            log.warn("ignoring {}: not a provider config ({})", key, e.getClass().getSimpleName());
        }
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
