package io.llmwatch.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a call's cost came from. */
public enum CostSource {
    /** Reported by the application or provider; wins over the catalog. */
    PROVIDER,
    /** Computed by llmwatch from the price catalog. */
    LOCAL,
    /** Neither reported nor computable (unknown model, unknown usage): never read as zero. */
    UNKNOWN;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
