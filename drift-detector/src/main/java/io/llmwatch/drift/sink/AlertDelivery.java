package io.llmwatch.drift.sink;

import io.llmwatch.config.GroupMember;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.WebhookConfig;
import io.llmwatch.delivery.AtLeastOnceConsumer;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.topic.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the alerts committed to {@code llmwatch.alerts} to the configured sinks, at least once.
 *
 * <p>It is no part of the exactly-once topology: a task's output is committed with its transaction,
 * but an HTTP request cannot be, so a sink fed from inside the task either loses what it had queued
 * when the process dies or repeats what an aborted transaction sent. Here a {@code read_committed}
 * consumer ({@link AtLeastOnceConsumer}, group {@value #GROUP_ID}) reads only committed alerts and
 * commits an alert's offset once every sink accepting it is done with it (delivered, or dropped for
 * good and counted). After a crash the next process delivers again what was not committed, with the
 * same {@code Idempotency-Key} ({@link WebhookSink#idempotencyKey}), so a receiver can drop the copy.
 * Order within a task is kept: the alerts of a task share a partition, and a sink delivers in order.
 */
public final class AlertDelivery implements AutoCloseable {

    /** The consumer group whose offsets say which alerts were delivered. */
    public static final String GROUP_ID = "llmwatch-alert-delivery";

    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
    private static final Deserializer<DriftAlert> ALERTS = Topics.ALERTS.valueSerde().deserializer();
    private static final int MAX_POLL_RECORDS = 100;
    private static final Duration REVOKE_TIMEOUT = Duration.ofSeconds(5);

    private final AtLeastOnceConsumer consumer;

    /**
     * @param kafka           the cluster, its client settings and the prefix of the group id
     * @param webhooks        the configured webhooks: at most the smallest of their queue capacities is
     *                        in flight, so a burst waits on the topic instead of overflowing a queue
     * @param member          how the consumer joins its group ({@code --instance-id})
     * @param clientOverrides consumer settings of its own (tests: a short session timeout)
     */
    public AlertDelivery(KafkaClientSettings kafka, AlertSink sink, Collection<WebhookConfig> webhooks,
            GroupMember member, Map<String, Object> clientOverrides) {
        int maxInFlight = webhooks.stream().mapToInt(WebhookConfig::queueCapacity).min().orElse(MAX_POLL_RECORDS);
        AtLeastOnceConsumer.Settings settings = new AtLeastOnceConsumer.Settings(kafka, kafka.applicationId(GROUP_ID),
                Topics.ALERTS.name(), maxInFlight, Math.max(1, Math.min(MAX_POLL_RECORDS, maxInFlight / 2)), REVOKE_TIMEOUT,
                clientOverrides, member);
        this.consumer = new AtLeastOnceConsumer(settings, record -> deliver(sink, record), "llmwatch-alert-delivery");
    }

    private static CompletionStage<?> deliver(AlertSink sink, ConsumerRecord<String, byte[]> record) {
        DriftAlert alert;
        try {
            alert = ALERTS.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            alert = null;
        }
        if (alert == null) {
            // only the drift detector writes this topic: an unreadable record is a bug to report, not a reason to stall
            LOG.warn("alert delivery: the record at {}-{}@{} is not an alert; skipped", record.topic(), record.partition(),
                    record.offset());
            return CompletableFuture.completedFuture(null);
        }
        return sink.send(alert);
    }

    public AlertDelivery start() {
        consumer.start();
        return this;
    }

    /** Whether the loop still runs (it stops on its own only if a sink failed, i.e. closed under it). */
    public boolean isRunning() {
        return consumer.isRunning();
    }

    /**
     * Stops: waits up to {@code timeout} for alerts being delivered, commits what was delivered; the
     * rest is delivered by the next process.
     */
    public void close(Duration timeout) {
        consumer.close(timeout);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
