package io.llmwatch.drift.sink;

import io.llmwatch.event.DriftAlert;

/**
 * Somewhere alerts go besides {@code llmwatch.alerts}: a webhook, a chat channel. Called from a
 * Kafka Streams processor, so {@link #send} never blocks and never throws for a delivery problem: a
 * sink queues the alert and delivers it on its own threads, and counts what it cannot deliver.
 */
public interface AlertSink extends AutoCloseable {

    /** Hands the alert over for delivery; returns at once. */
    void send(DriftAlert alert);

    /** Stops delivering; alerts not yet delivered are dropped (and counted). */
    @Override
    void close();
}
