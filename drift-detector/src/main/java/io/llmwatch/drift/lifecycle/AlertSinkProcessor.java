package io.llmwatch.drift.lifecycle;

import io.llmwatch.drift.sink.AlertSink;
import io.llmwatch.event.DriftAlert;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Hands every alert the lifecycle sends to the configured sinks (webhooks), besides
 * {@code llmwatch.alerts}. A sink never blocks ({@link AlertSink#send}), so neither does this.
 * Under exactly-once, a task that is retried after a failure may hand an alert over twice; it
 * carries the same id both times.
 */
public final class AlertSinkProcessor implements Processor<String, DriftAlert, Void, Void> {

    private final AlertSink sink;

    public AlertSinkProcessor(AlertSink sink) {
        this.sink = sink;
    }

    @Override
    public void process(Record<String, DriftAlert> record) {
        sink.send(record.value());
    }
}
