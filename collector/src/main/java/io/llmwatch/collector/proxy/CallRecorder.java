package io.llmwatch.collector.proxy;

import io.llmwatch.event.LlmCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records proxied attempts off the caller's path: a bounded queue and one thread that builds each
 * {@link LlmCall} and hands it to the {@link CallSink}, which redacts it (once, as the SDK redacts
 * every call it records). Nothing here can slow down or
 * fail a proxied call: a full queue drops the record, a failed publish is counted and logged (at
 * most once per {@link #LOG_EVERY}, with the count since), never rethrown.
 */
final class CallRecorder implements AutoCloseable {

    static final int CAPACITY = 10_000;
    static final Duration LOG_EVERY = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(CallRecorder.class);
    private static final Exchange STOP = new Exchange(null, null, null, null, null, 0, null, false, null, null, null,
            null, null, null);

    private final CallSink sink;
    private final BlockingQueue<Exchange> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread worker;
    private final Counter published;
    private final Counter failed;
    private final Counter dropped;
    private final AtomicLong unloggedFailures = new AtomicLong();
    private volatile long lastLogNanos = System.nanoTime() - LOG_EVERY.toNanos();
    private volatile boolean closed;

    CallRecorder(CallSink sink, MeterRegistry registry) {
        this.sink = sink;
        this.published = outcome(registry, "published");
        this.failed = outcome(registry, "publish_failed");
        this.dropped = outcome(registry, "dropped");
        Gauge.builder("llmwatch.collector.proxy.record.queue", queue, BlockingQueue::size)
                .description("Proxied calls waiting to be recorded")
                .register(registry);
        this.worker = new Thread(this::run, "llmwatch-proxy-recorder");
        worker.setDaemon(true);
        worker.start();
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("llmwatch.collector.proxy.records")
                .description("Proxied calls recorded to Kafka, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** Queues an attempt for recording; never blocks. */
    void record(Exchange exchange) {
        if (closed || !queue.offer(exchange)) {
            dropped.increment();
            problem("recording queue full or closed: a proxied call was not recorded");
        }
    }

    private void run() {
        while (true) {
            Exchange exchange;
            try {
                exchange = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (exchange == STOP) {
                return;
            }
            try {
                LlmCall call = CallFactory.toCall(exchange);
                sink.publish(call).whenComplete((ignored, error) -> {
                    if (error == null) {
                        published.increment();
                    } else {
                        failed.increment();
                        problem("publishing a proxied call to Kafka failed: " + error.getClass().getSimpleName());
                    }
                });
            } catch (RuntimeException e) {
                failed.increment();
                problem("recording a proxied call failed: " + e);
            }
        }
    }

    /** Logs at most once per interval, with how many problems there were since the last line. */
    private void problem(String what) {
        long count = unloggedFailures.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastLogNanos >= LOG_EVERY.toNanos()) {
            lastLogNanos = now;
            unloggedFailures.set(0);
            log.warn("{} ({} such problem(s) since the last report)", what, count);
        }
    }

    /** Records what is queued (waiting at most {@code timeout}), then stops. */
    void close(Duration timeout) {
        closed = true;
        while (!queue.offer(STOP)) {
            queue.poll();
            dropped.increment();
        }
        try {
            worker.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.interrupt();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
