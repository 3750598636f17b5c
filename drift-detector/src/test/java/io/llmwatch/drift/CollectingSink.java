package io.llmwatch.drift;

import io.llmwatch.drift.sink.AlertSink;
import io.llmwatch.event.DriftAlert;
import java.util.ArrayList;
import java.util.List;

/** An {@link AlertSink} that keeps what it is handed, to check what would go to the webhooks. */
public final class CollectingSink implements AlertSink {

    private final List<DriftAlert> sent = new ArrayList<>();
    private boolean closed;

    @Override
    public synchronized void send(DriftAlert alert) {
        sent.add(alert);
    }

    public synchronized List<DriftAlert> sent() {
        return List.copyOf(sent);
    }

    public synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
