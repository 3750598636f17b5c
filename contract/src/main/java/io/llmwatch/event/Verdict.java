package io.llmwatch.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The outcome of a paired non-inferiority comparison of a candidate model against the incumbent
 * (docs/architecture.md §5), read off an interval for the mean paired delta (candidate minus incumbent) against a
 * margin {@code m >= 0}. Serialised in lower case ({@code "non_inferior"}).
 *
 * <p>An interval that merely straddles zero is {@link #INCONCLUSIVE}: absence of evidence of a
 * difference is not evidence of equivalence. Equivalence within the margin must be shown by the
 * lower bound clearing {@code -m}, which is the classical non-inferiority test (see e.g. Wellek,
 * <i>Testing Statistical Hypotheses of Equivalence and Noninferiority</i>, 2nd ed., 2010).
 */
public enum Verdict {
    /** The candidate is better: the lower bound is above zero. */
    BETTER,
    /** The candidate is at most {@code m} worse: the lower bound is above {@code -m}. */
    NON_INFERIOR,
    /** The candidate is more than {@code m} worse: the upper bound is below {@code -m}. */
    WORSE,
    /** None of the above is shown yet. */
    INCONCLUSIVE;

    /**
     * The verdict that {@code decisionInterval} supports at margin {@code margin}: better if its
     * lower bound is above 0, else non-inferior if above {@code -margin}, else worse if its upper
     * bound is below {@code -margin}, else inconclusive.
     *
     * @param decisionInterval an interval for the mean paired delta; for automated decisions, the
     *                         anytime-valid one of a confidence sequence
     * @param margin           the non-inferiority margin m, at least 0
     */
    public static Verdict of(Interval decisionInterval, double margin) {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("margin must be finite and >= 0, got " + margin);
        }
        if (decisionInterval.lower() > 0) {
            return BETTER;
        }
        if (decisionInterval.lower() > -margin) {
            return NON_INFERIOR;
        }
        if (decisionInterval.upper() < -margin) {
            return WORSE;
        }
        return INCONCLUSIVE;
    }

    /** True for the verdicts that let a candidate replace the incumbent. */
    public boolean goodEnough() {
        return this == BETTER || this == NON_INFERIOR;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Verdict fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
