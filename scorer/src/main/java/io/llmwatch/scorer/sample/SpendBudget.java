package io.llmwatch.scorer.sample;

import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The daily replay budgets of the tasks of one partition: what each budget line ({@code app/task/model})
 * has been charged on the current UTC day of the wall clock, and the charges still waiting for their
 * replay's actual cost. Not thread-safe: one per processor.
 *
 * <p>Amounts are kept in whole nano-dollars, so that "never above the budget" holds exactly rather
 * than up to floating-point error. A line holds only its latest day: a
 * charge on a new day starts from zero, and an outcome that settles an earlier day's charge changes
 * nothing, since no decision depends on a past day any more.
 *
 * <p>A pending charge is kept (in a window store, which drops whole segments) for
 * {@link #CHARGE_RETENTION}: longer than a charge can still matter, its day having ended. Settling a
 * charge removes it, so a re-delivered outcome finds nothing and is counted once.
 */
final class SpendBudget {

    /** How long a charge waits for its replay's outcome. */
    static final Duration CHARGE_RETENTION = Duration.ofDays(2);

    private static final double NANOS_PER_USD = 1e9;
    private static final long DAY_MS = Duration.ofDays(1).toMillis();
    /** How far ahead of the wall clock a charge may be found, should the clock have stepped back. */
    private static final long CLOCK_SLACK_MS = Duration.ofMinutes(5).toMillis();

    private final KeyValueStore<String, DailySpend> spend;
    private final WindowStore<String, Charge> charges;

    SpendBudget(KeyValueStore<String, DailySpend> spend, WindowStore<String, Charge> charges) {
        this.spend = spend;
        this.charges = charges;
    }

    /** The UTC day (days since the epoch) of a wall-clock time. */
    static long day(long timeMs) {
        return Math.floorDiv(timeMs, DAY_MS);
    }

    /** An amount in whole nano-dollars. */
    static long nanos(double usd) {
        return Math.round(usd * NANOS_PER_USD);
    }

    static double usd(long nanos) {
        return nanos / NANOS_PER_USD;
    }

    /** What {@code line} has been charged on {@code day}. */
    long spent(String line, long day) {
        DailySpend current = spend.get(line);
        return current == null || current.day() != day ? 0 : current.nanos();
    }

    /** Whether charging {@code nanos} to {@code line} on {@code day} keeps it within {@code budgetNanos}. */
    boolean fits(String line, long day, long nanos, long budgetNanos) {
        return spent(line, day) + nanos <= budgetNanos;
    }

    /** Charges a replay to its line, pending its outcome under {@code resultId}. */
    void charge(String resultId, String line, long day, long nanos, long nowMs) {
        spend.put(line, new DailySpend(day, spent(line, day) + nanos));
        charges.put(resultId, new Charge(line, day, nanos), nowMs);
    }

    /**
     * Settles the charge of a finished replay: its line is adjusted by actual minus projected cost
     * when the charge was made today. False when no charge is pending under its result id (settled
     * already, expired, or never made here).
     */
    boolean settle(ReplayOutcome outcome, long nowMs) {
        KeyValue<Long, Charge> pending = null;
        try (WindowStoreIterator<Charge> found = charges.fetch(outcome.resultId(),
                nowMs - CHARGE_RETENTION.toMillis(), nowMs + CLOCK_SLACK_MS)) {
            while (found.hasNext()) {
                pending = found.next();
            }
        }
        if (pending == null) {
            return false;
        }
        charges.put(outcome.resultId(), null, pending.key);
        Charge charge = pending.value;
        DailySpend current = spend.get(charge.line());
        if (outcome.actualCostUsd() != null && current != null && current.day() == charge.day()) {
            long adjusted = current.nanos() + nanos(outcome.actualCostUsd()) - charge.nanos();
            spend.put(charge.line(), new DailySpend(current.day(), Math.max(0, adjusted)));
        }
        return true;
    }

    /** A budget line's spend on its latest day. */
    record DailySpend(long day, long nanos) {
    }

    /** A replay charged in advance, until its outcome arrives. */
    record Charge(String line, long day, long nanos) {
    }
}
