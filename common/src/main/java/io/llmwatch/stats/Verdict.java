package io.llmwatch.stats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a paired comparison says about a candidate against the incumbent, with margin m (DESIGN §4). */
public enum Verdict {
    BETTER, NON_INFERIOR, WORSE, INCONCLUSIVE;

    /** Decides on an interval for the mean paired delta (candidate − incumbent). */
    public static Verdict of(Interval interval, double margin) {
        if (interval.lower() > 0) {
            return BETTER;
        }
        if (interval.lower() > -margin) {
            return NON_INFERIOR;
        }
        if (interval.upper() < -margin) {
            return WORSE;
        }
        return INCONCLUSIVE;
    }

    /** True for the verdicts that make a candidate eligible as the optimum. */
    public boolean goodEnough() {
        return this == BETTER || this == NON_INFERIOR;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Verdict parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
