package io.llmwatch.validate;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The event times llmwatch accepts, relative to the clock of whoever checks them: no older than
 * {@code maxAge} and no further ahead than {@code maxFutureSkew} ({@code pipeline.max_event_age} and
 * {@code pipeline.max_future_skew}). The collector, the Java SDK and the topologies all check with
 * this one rule, so an event one of them accepts is not refused by the next.
 *
 * <p>Why a window: a topology stamps what it derives from an event with the event's time, and the
 * broker refuses records stamped more than {@code log.message.timestamp.after.max.ms} (1 h by
 * default) ahead of its clock, which stopped the scorer on one call from the future; an event older
 * than the statistics llmwatch keeps can only be counted in windows that are long gone.
 *
 * @param maxAge        how far in the past an event time may be
 * @param maxFutureSkew how far ahead of the checker's clock an event time may be (clock skew)
 */
public record EventTimeWindow(Duration maxAge, Duration maxFutureSkew) {

    /** The retention of the input topics, {@code llmwatch.calls} and {@code llmwatch.evaluations}. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
    /** Well below the broker's 1 h default of {@code log.message.timestamp.after.max.ms}. */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    public static final EventTimeWindow DEFAULT = new EventTimeWindow(DEFAULT_MAX_AGE, DEFAULT_MAX_FUTURE_SKEW);

    public EventTimeWindow {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        if (maxAge.isNegative() || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("the event time window must not be negative: " + maxAge + ", " + maxFutureSkew);
        }
    }

    /** Adds an error on {@code field} when {@code time} lies outside the window around {@code now}; null passes. */
    public Checks check(Checks checks, String field, Instant time, Instant now) {
        if (time == null) {
            return checks;
        }
        if (time.isAfter(now.plus(maxFutureSkew))) {
            return checks.add(new FieldError(field, "is " + time + ", more than " + words(maxFutureSkew)
                    + " ahead of the receiver's clock (" + now + ", pipeline.max_future_skew): send the time the call"
                    + " happened, in UTC"));
        }
        if (time.isBefore(now.minus(maxAge))) {
            return checks.add(new FieldError(field, "is " + time + ", older than " + words(maxAge)
                    + " (pipeline.max_event_age), so no statistics would count it"));
        }
        return checks;
    }

    /** A duration in the words of {@code llmwatch.yaml}: {@code 5m}, {@code 7d}. */
    private static String words(Duration d) {
        long ms = d.toMillis();
        for (long[] unit : new long[][] {{86_400_000L, 'd'}, {3_600_000L, 'h'}, {60_000L, 'm'}, {1_000L, 's'}}) {
            if (ms > 0 && ms % unit[0] == 0) {
                return ms / unit[0] + String.valueOf((char) unit[1]);
            }
        }
        return ms + "ms";
    }
}
