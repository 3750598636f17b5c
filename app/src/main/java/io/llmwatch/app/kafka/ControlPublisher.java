package io.llmwatch.app.kafka;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.topic.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes one record to {@code llmwatch.control} and waits until the cluster has it, as the CLI's commands do. */
public final class ControlPublisher {

    private ControlPublisher() {
    }

    /**
     * Publishes {@code value} under {@code key}; a null value is a tombstone.
     *
     * @throws ExecutionException when the cluster refuses it or cannot be reached within 30 s
     */
    public static void publish(KafkaClientSettings kafka, String key, byte[] value)
            throws ExecutionException, InterruptedException {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(kafka.clientConfig(props), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONTROL.name(), key, value)).get();
        }
    }
}
