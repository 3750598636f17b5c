package io.llmwatch.sdk;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What an {@link LlmWatch} has done since it was built. Always available, with or without
 * Micrometer; with a {@code MeterRegistry} the same numbers are published as
 * {@code llmwatch.sdk.*} meters. Every call handed to {@link LlmWatch#record} ends up counted:
 * as invalid, or recorded and then sent, spooled or dropped.
 */
public final class SdkMetrics {

    private final LongAdder recorded = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder spooled = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder spoolCorrupt = new LongAdder();
    private final LongSupplier queueDepth;
    private final LongSupplier spoolBytes;

    SdkMetrics(LongSupplier queueDepth, LongSupplier spoolBytes) {
        this.queueDepth = queueDepth;
        this.spoolBytes = spoolBytes;
    }

    /** Calls accepted by {@link LlmWatch#record} (valid, before anything was sent). */
    public long recorded() {
        return recorded.sum();
    }

    /** Calls rejected by {@link LlmWatch#record} because a required field was missing or a value was out of range. */
    public long invalid() {
        return invalid.sum();
    }

    /**
     * Records acknowledged by Kafka. A spool segment that failed half-way is sent again whole, so a
     * call can be counted twice here; {@code call_id} makes the second copy harmless downstream.
     */
    public long sent() {
        return sent.sum();
    }

    /** Calls written to the disk spool (because Kafka was unreachable or the queue was full). */
    public long spooled() {
        return spooled.sum();
    }

    /**
     * Calls lost: the spool was full (or there is none), Kafka rejected the record for good (e.g. too
     * large), or the call was recorded after {@link LlmWatch#close}.
     */
    public long dropped() {
        return dropped.sum();
    }

    /** Torn or corrupt spool records skipped when a spool left by a crashed process was read. */
    public long spoolCorrupt() {
        return spoolCorrupt.sum();
    }

    /** Calls waiting in the in-memory queue. */
    public long queueDepth() {
        return queueDepth.getAsLong();
    }

    /** Bytes on disk in the spool. */
    public long spoolBytes() {
        return spoolBytes.getAsLong();
    }

    void addRecorded() {
        recorded.increment();
    }

    void addInvalid() {
        invalid.increment();
    }

    void addSent() {
        sent.increment();
    }

    void addSpooled() {
        spooled.increment();
    }

    void addDropped() {
        dropped.increment();
    }

    void addSpoolCorrupt(long records) {
        spoolCorrupt.add(records);
    }

    @Override
    public String toString() {
        return "recorded=" + recorded() + " invalid=" + invalid() + " sent=" + sent() + " spooled=" + spooled()
                + " dropped=" + dropped() + " queue=" + queueDepth() + " spool_bytes=" + spoolBytes();
    }
}
