package io.llmwatch.drift.sink;

import io.llmwatch.event.DriftAlert;
import java.util.concurrent.CompletionStage;

/**
 * Somewhere alerts go besides {@code llmwatch.alerts}: a webhook, a chat channel. Fed by
 * {@link AlertDelivery}, which commits an alert's offset only when its stage completes, so
 * {@link #send} never blocks and never throws for a delivery problem: a sink queues the alert,
 * delivers it on its own threads, and counts what it cannot deliver.
 */
public interface AlertSink extends AutoCloseable {

    /**
     * Hands the alert over for delivery; returns at once. The stage completes when the sink is done
     * with the alert for good (delivered, or dropped and counted), and fails when the sink stopped
     * before that, so the alert must be delivered again by whoever comes next.
     */
    CompletionStage<Void> send(DriftAlert alert);

    /** Stops delivering; the stages of alerts not yet done fail. */
    @Override
    void close();
}
