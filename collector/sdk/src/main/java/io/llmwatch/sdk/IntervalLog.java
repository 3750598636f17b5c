package io.llmwatch.sdk;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that is logged at most once per interval, with the number of occurrences it stood for:
 * a broker outage or a flood of bad calls must be visible in the log, not fill it.
 */
final class IntervalLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextDue;
    private final AtomicLong occurrences = new AtomicLong();

    IntervalLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nextDue = new AtomicLong(System.nanoTime());
    }

    /** Counts one occurrence and logs it if the interval has passed since the last line. */
    void warn(String message, Object detail) {
        occurrences.incrementAndGet();
        long now = System.nanoTime();
        long due = nextDue.get();
        if (now - due >= 0 && nextDue.compareAndSet(due, now + intervalNanos)) {
            long count = occurrences.getAndSet(0);
            log.warn("{} ({} time(s) since the last report): {}", message, count, detail);
        }
    }
}
