package io.llmwatch.sdk;

import io.llmwatch.event.LlmCall;
import io.llmwatch.json.Json;
import io.llmwatch.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread between the queue, Kafka and the spool.
 *
 * <p>While Kafka takes records, calls go from the queue straight to the producer ({@code direct}).
 * When a send fails (the broker is unreachable, metadata cannot be fetched within
 * {@code max.block.ms}, or a record expires after {@code delivery.timeout.ms}) the failed record is
 * spooled and so is every new call ({@code spooling}): the spool keeps them in order. Every retry
 * interval the sender sends the oldest spool segment again; once a segment is fully acknowledged
 * it is deleted and the next one follows at once. When no older segment is left, new calls go
 * direct again and the segment that was being written is sent last, so only that tail can
 * interleave with new calls.
 *
 * <p>Nothing here blocks a caller: callers only touch the queue, or the spool when the queue is full.
 */
final class Sender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    private static final int BATCH = 512;
    /** For this long after the last call the queue is polled every millisecond, then every 20. */
    private static final long ACTIVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long ACTIVE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long BUSY_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final CallQueue queue;
    private final Producer<byte[], byte[]> producer;
    private final Spool spool;
    private final SdkMetrics metrics;
    /** Calls taken by {@link LlmWatch#record} and not yet acknowledged, spooled or dropped. */
    private final LongAdder unsettled;
    private final long syncIntervalNanos;
    private final String topic = Topics.CALLS.name();
    private final IntervalLog unreachable;
    private final IntervalLog dropped;
    private final IntervalLog rejected;
    private final IntervalLog failures;

    /** Set by producer callbacks when a direct send failed. */
    private volatile boolean spoolRequested;
    private volatile boolean stopping;
    private volatile Resend resend;
    private boolean spooling;
    /** Whether Kafka acknowledged the whole of the last spool segment sent: it is reachable again. */
    private boolean lastResendSucceeded;
    private long nextAttempt = System.nanoTime();
    private long backoff = MIN_BACKOFF_NANOS;
    private long nextSync = System.nanoTime();
    private long lastCall = System.nanoTime();

    Sender(CallQueue queue, Producer<byte[], byte[]> producer, Spool spool, SdkMetrics metrics,
           LongAdder unsettled, Duration syncInterval, Duration logInterval) {
        this.queue = queue;
        this.producer = producer;
        this.spool = spool;
        this.metrics = metrics;
        this.unsettled = unsettled;
        this.syncIntervalNanos = syncInterval.toNanos();
        this.unreachable = new IntervalLog(LOG, logInterval);
        this.dropped = new IntervalLog(LOG, logInterval);
        this.rejected = new IntervalLog(LOG, logInterval);
        this.failures = new IntervalLog(LOG, logInterval);
        // Calls a previous instance spooled go first.
        this.spooling = !spool.isEmpty();
    }

    @Override
    public void run() {
        List<LlmCall> batch = new ArrayList<>(BATCH);
        while (!stopping) {
            try {
                long now = System.nanoTime();
                if (queue.drainTo(batch, BATCH) > 0) {
                    lastCall = now;
                } else {
                    // Polls: nothing a caller does wakes this thread, so record() never pays for it.
                    LockSupport.parkNanos(busy() ? BUSY_PARK_NANOS
                            : now - lastCall < ACTIVE_NANOS ? ACTIVE_PARK_NANOS : IDLE_PARK_NANOS);
                }
                for (LlmCall call : batch) {
                    handle(call);
                }
                maintainSpool();
            } catch (RuntimeException e) {
                failures.warn("The llmwatch sender hit an unexpected error and carries on", e.toString());
            } finally {
                batch.clear();
            }
        }
        // Whatever was taken from the queue has been handled; what is left there goes to the spool.
        drainToSpool();
        spool.sync();
    }

    /** Asks the thread to finish: it stops starting new sends and spools whatever is left in the queue. */
    void stop() {
        stopping = true;
    }

    /** True while a spool segment is being sent and not yet fully acknowledged. */
    boolean resending() {
        return resend != null;
    }

    /** Writes a call to the spool from the caller's thread (the queue was full). */
    void spill(LlmCall call) {
        spoolSerialized(call);
        spoolRequested = true;
    }

    /** Moves what is left in the queue to the spool (at close). */
    void drainToSpool() {
        for (LlmCall call = queue.poll(); call != null; call = queue.poll()) {
            spoolSerialized(call);
            unsettled.decrement();
        }
    }

    private boolean busy() {
        return resend != null || spooling;
    }

    private void handle(LlmCall call) {
        if (spoolRequested) {
            startSpooling();
        }
        if (spooling) {
            spoolSerialized(call);
            unsettled.decrement();
            return;
        }
        byte[] key = call.callId().getBytes(StandardCharsets.UTF_8);
        byte[] value = serialize(call);
        if (value == null) {
            unsettled.decrement();
            return;
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                if (e == null) {
                    metrics.addSent();
                } else if (isRejected(e)) {
                    reject(e);
                } else {
                    unreachable.warn("Kafka is unreachable; calls are spooled to disk until it is back", e.toString());
                    spoolRecord(key, value);
                    spoolRequested = true;
                }
                unsettled.decrement();
            });
        } catch (RuntimeException e) {
            // send() reports most failures through the callback; what it throws means the same here
            unreachable.warn("Kafka is unreachable; calls are spooled to disk until it is back", e.toString());
            spoolRecord(key, value);
            unsettled.decrement();
            startSpooling();
        }
    }

    private void startSpooling() {
        spoolRequested = false;
        lastResendSucceeded = false;
        if (!spooling) {
            spooling = true;
            nextAttempt = System.nanoTime() + backoff;
            backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
        }
    }

    /** Progresses the sending of spooled calls, and syncs the spool at its interval. */
    private void maintainSpool() {
        long now = System.nanoTime();
        if (spoolRequested) {
            startSpooling();
        }
        Resend current = resend;
        if (current != null && current.done()) {
            resend = null;
            lastResendSucceeded = !current.failed();
            if (current.failed()) {
                spooling = true;
                nextAttempt = now + backoff;
                backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
                unreachable.warn("Kafka is still unreachable; spooled calls wait on disk",
                        spool.bytes() + " bytes spooled");
            } else {
                spool.delete(current.segment());
                backoff = MIN_BACKOFF_NANOS;
                nextAttempt = now;
            }
        }
        if (resend == null && !stopping && now - nextAttempt >= 0) {
            if (spooling && spool.oldest(false) == null && (lastResendSucceeded || spool.isEmpty())) {
                // Kafka is back and every older segment is acknowledged (or nothing is on disk to
                // probe it with): new calls go direct again, and a segment written meanwhile is sent next.
                spooling = false;
            }
            Spool.Segment oldest = spool.oldest(true);
            if (oldest != null) {
                resend = send(oldest);
            }
        }
        if (now - nextSync >= 0) {
            spool.sync();
            nextSync = now + syncIntervalNanos;
        }
    }

    private Resend send(Spool.Segment segment) {
        List<Spool.Record> records = spool.read(segment);
        Resend tracker = new Resend(segment, records.size());
        for (int i = 0; i < records.size(); i++) {
            Spool.Record record = records.get(i);
            try {
                producer.send(new ProducerRecord<>(topic, record.key(), record.value()), tracker);
            } catch (RuntimeException e) {
                tracker.abandon(records.size() - i);
                break;
            }
            // send() reports a metadata timeout through the callback, before it returns: each further
            // record would wait max.block.ms again.
            if (tracker.failed()) {
                tracker.abandon(records.size() - i - 1);
                break;
            }
        }
        return tracker;
    }

    private void spoolSerialized(LlmCall call) {
        byte[] value = serialize(call);
        if (value != null) {
            spoolRecord(call.callId().getBytes(StandardCharsets.UTF_8), value);
        }
    }

    private void spoolRecord(byte[] key, byte[] value) {
        if (spool.append(key, value)) {
            metrics.addSpooled();
        } else {
            metrics.addDropped();
            dropped.warn("Calls are dropped: the spool is full or not configured, and Kafka cannot take them",
                    spool.bytes() + " bytes spooled");
        }
    }

    private byte[] serialize(LlmCall call) {
        try {
            return Json.mapper().writeValueAsBytes(call);
        } catch (Exception e) {
            metrics.addDropped();
            failures.warn("A call could not be serialized and is dropped", e.toString());
            return null;
        }
    }

    private void reject(Exception e) {
        metrics.addDropped();
        rejected.warn("Kafka rejected a call for good (raise max.request.size / message.max.bytes for larger calls); "
                + "it is dropped", e.toString());
    }

    /** Errors that sending again cannot fix: spooling such a record would block its segment forever. */
    private static boolean isRejected(Exception e) {
        return e instanceof RecordTooLargeException || e instanceof InvalidRecordException
                || e instanceof SerializationException;
    }

    /** Counts the acknowledgements of one spool segment sent again. */
    private final class Resend implements Callback {

        private final Spool.Segment segment;
        private final AtomicInteger outstanding;
        private volatile boolean failed;

        Resend(Spool.Segment segment, int records) {
            this.segment = segment;
            this.outstanding = new AtomicInteger(records);
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e == null) {
                metrics.addSent();
            } else if (isRejected(e)) {
                reject(e);
            } else {
                failed = true;
            }
            outstanding.decrementAndGet();
        }

        void abandon(int records) {
            failed = true;
            outstanding.addAndGet(-records);
        }

        boolean done() {
            return outstanding.get() == 0;
        }

        boolean failed() {
            return failed;
        }

        Spool.Segment segment() {
            return segment;
        }
    }
}
