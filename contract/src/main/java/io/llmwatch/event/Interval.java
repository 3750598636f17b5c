package io.llmwatch.event;

/**
 * A closed interval estimate of a mean paired delta: a bootstrap confidence interval or one time's
 * interval of a confidence sequence.
 *
 * @param lower lower bound
 * @param upper upper bound, never below {@code lower}
 * @param level nominal coverage in (0, 1), e.g. 0.95
 */
public record Interval(double lower, double upper, double level) {

    public Interval {
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || lower > upper) {
            throw new IllegalArgumentException("interval bounds must be finite with lower <= upper, got ["
                    + lower + ", " + upper + "]");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be in (0, 1), got " + level);
        }
    }

    /** True when {@code value} lies within the closed interval. */
    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }

    /** {@code upper - lower}. */
    public double width() {
        return upper - lower;
    }
}
