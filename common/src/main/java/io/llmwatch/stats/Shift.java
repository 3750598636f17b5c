package io.llmwatch.stats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Which way a comparison's paired deltas (candidate − incumbent) moved when a change alarm was raised
 * (docs/decisions.md); serialised in lower case. The two are not symmetric: only a fall can make an
 * eligible candidate ineligible.
 */
public enum Shift {
    /** The mean fell: the candidate got worse, or the incumbent better. Eligibility is revoked. */
    DOWN,
    /** The mean rose: the incumbent got worse, or the candidate better. Eligibility is kept. */
    UP;

    /** "fell" or "rose", as the alarm's text says it. */
    public String verb() {
        return this == DOWN ? "fell" : "rose";
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Shift fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
