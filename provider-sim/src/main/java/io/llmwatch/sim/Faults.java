package io.llmwatch.sim;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection of a {@link SimulatedProvider}: for tests. A fault applies to the next N requests,
 * or to every request until {@link #clear()}, of one model or of all; a model's own faults are
 * applied before global ones, and the oldest first. Thread-safe.
 */
public final class Faults {

    private static final int FOREVER = -1;

    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    /** The next {@code times} requests, whatever their model, meet {@code fault}. */
    public Faults next(int times, Fault fault) {
        return add(null, times, fault);
    }

    /** The next {@code times} requests for {@code model} meet {@code fault}. */
    public Faults next(String model, int times, Fault fault) {
        return add(model, times, fault);
    }

    /** Every request meets {@code fault} until {@link #clear()}. */
    public Faults always(Fault fault) {
        return add(null, FOREVER, fault);
    }

    /** Every request for {@code model} meets {@code fault} until {@link #clear()}. */
    public Faults always(String model, Fault fault) {
        return add(model, FOREVER, fault);
    }

    /** Removes every fault: the provider answers normally again. */
    public void clear() {
        rules.clear();
    }

    private Faults add(String model, int times, Fault fault) {
        if (times < 1 && times != FOREVER) {
            throw new IllegalArgumentException("times must be >= 1");
        }
        rules.add(new Rule(model, new AtomicInteger(times), fault));
        return this;
    }

    /** The fault the next request for {@code model} meets, if any; counts it against its rule. */
    Optional<Fault> take(String model) {
        Optional<Fault> own = take(model, true);
        return own.isPresent() ? own : take(model, false);
    }

    private Optional<Fault> take(String model, boolean own) {
        for (Rule rule : rules) {
            if (own ? model != null && model.equals(rule.model) : rule.model == null) {
                int left = rule.remaining.getAndUpdate(n -> n > 0 ? n - 1 : n);
                if (left == FOREVER) {
                    return Optional.of(rule.fault);
                }
                if (left > 0) {
                    if (left == 1) {
                        rules.remove(rule);
                    }
                    return Optional.of(rule.fault);
                }
            }
        }
        return Optional.empty();
    }

    private record Rule(String model, AtomicInteger remaining, Fault fault) {
    }
}
