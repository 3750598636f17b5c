package io.llmwatch.streams;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one topology: starts {@link KafkaStreams}, replaces a stream thread that dies of an
 * unexpected error instead of stopping the application, and closes cleanly.
 */
public final class StreamsService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    private final String name;
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile boolean closed;

    public StreamsService(String name, Topology topology, Properties props) {
        this.name = name;
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("{}: stream thread failed, replacing it", name, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((next, previous) -> {
            LOG.debug("{}: {} -> {}", name, previous, next);
            if (next == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    public StreamsService start() {
        streams.start();
        return this;
    }

    /** Waits until the topology has its tasks assigned and is processing; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!streams.close(Duration.ofSeconds(30))) {
            LOG.warn("{}: did not shut down within 30 s", name);
        }
    }
}
