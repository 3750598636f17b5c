package io.llmwatch.drift.watch;

import io.llmwatch.drift.watch.MetricWatch.Outcome;
import java.time.Instant;

/**
 * Whether a model's prices are unknown or stale, window after window. Unknown prices fire after
 * {@code confirm} windows in a row (one window of calls without usage is not a pricing problem);
 * a stale catalog fires at once, because it does not come and go. Either resolves after
 * {@code confirm} windows in a row priced properly.
 *
 * @param bad     windows in a row with a problem, before firing
 * @param good    windows in a row without one, after firing
 * @param since   start of the first window with the problem
 * @param firedAt when the condition fired, or null
 * @param problem the latest window's check that found a problem, or null
 */
record PriceWatch(int bad, int good, Instant since, Instant firedAt, PriceCheck problem) {

    static final PriceWatch NEW = new PriceWatch(0, 0, null, null, null);

    /**
     * One window's check.
     *
     * @param problem the check the condition is about: this window's, or while it recovers the latest bad one
     */
    record Step(PriceWatch next, Outcome outcome, PriceCheck problem, Instant since, int goodWindows) {
    }

    Step observe(PriceCheck check, Instant windowStart, Instant windowEnd, int confirm) {
        if (firedAt == null) {
            if (!check.bad()) {
                return new Step(NEW, Outcome.QUIET, null, null, 0);
            }
            Instant start = since == null ? windowStart : since;
            if (check.stale() || bad + 1 >= confirm) {
                return new Step(new PriceWatch(bad + 1, 0, start, windowEnd, check), Outcome.FIRED, check, start, 0);
            }
            return new Step(new PriceWatch(bad + 1, 0, start, null, check), Outcome.QUIET, check, start, 0);
        }
        if (check.bad()) {
            return new Step(new PriceWatch(bad, 0, since, firedAt, check), Outcome.STILL_FIRING, check, since, 0);
        }
        if (good + 1 >= confirm) {
            return new Step(NEW, Outcome.RESOLVED, problem, since, good + 1);
        }
        return new Step(new PriceWatch(bad, good + 1, since, firedAt, problem), Outcome.STILL_FIRING, problem, since,
                good + 1);
    }
}
