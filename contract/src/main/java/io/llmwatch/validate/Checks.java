package io.llmwatch.validate;

import io.llmwatch.text.Texts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects {@link FieldError}s while a record checks its own fields. */
public final class Checks {

    private static final Instant YEAR_3000 = Instant.parse("3000-01-01T00:00:00Z");

    private final List<FieldError> errors = new ArrayList<>();

    public Checks required(String field, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            errors.add(new FieldError(field, "is required"));
        }
        return this;
    }

    public Checks maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
        return this;
    }

    /** A number that is finite and {@code >= 0}: NaN and infinities would poison every sum and percentile it enters. */
    public Checks nonNegative(String field, Number value) {
        if (value != null && !Double.isFinite(value.doubleValue())) {
            errors.add(new FieldError(field, "must be a finite number, not " + value));
        } else if (value != null && value.doubleValue() < 0) {
            errors.add(new FieldError(field, "must be >= 0"));
        }
        return this;
    }

    /**
     * A finite number between 0 and {@code max}. The upper bound keeps one absurd value (say
     * {@code 1e308}) from overflowing a window's sum to infinity.
     */
    public Checks nonNegativeAtMost(String field, Number value, double max, String unit) {
        nonNegative(field, value);
        if (value != null && Double.isFinite(value.doubleValue()) && value.doubleValue() > max) {
            errors.add(new FieldError(field, "must be at most " + plain(max) + " " + unit + ", not " + value));
        }
        return this;
    }

    /**
     * An event time Kafka can carry: not before 1970 (Kafka timestamps are never negative) and before
     * the year 3000 (epoch milliseconds written where RFC 3339 was meant land there).
     */
    public Checks eventTime(String field, Instant value) {
        if (value != null && value.isBefore(Instant.EPOCH)) {
            errors.add(new FieldError(field, "is before 1970: write it as RFC 3339 (2026-11-30T10:00:00Z)"));
        } else if (value != null && !value.isBefore(YEAR_3000)) {
            errors.add(new FieldError(field,
                    "is after the year 3000: write it as RFC 3339 (2026-11-30T10:00:00Z), not epoch milliseconds"));
        }
        return this;
    }

    public Checks between(String field, Number value, double min, double max) {
        if (value != null && (!Double.isFinite(value.doubleValue()) || value.doubleValue() < min || value.doubleValue() > max)) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
        return this;
    }

    public Checks check(boolean ok, String field, String message) {
        if (!ok) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    public Checks add(FieldError error) {
        errors.add(error);
        return this;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Texts.count((long) value) : Double.toString(value);
    }

    public List<FieldError> errors() {
        // nearly every record has none: no copy for them
        return errors.isEmpty() ? List.of() : List.copyOf(errors);
    }
}
