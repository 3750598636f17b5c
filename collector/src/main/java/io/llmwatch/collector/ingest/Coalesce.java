package io.llmwatch.collector.ingest;

/**
 * The first value present, as SQL's {@code COALESCE}: the mappers of foreign formats (OpenTelemetry
 * GenAI spans, Tether steps) read each field of a call from the first of several places that holds
 * it (a current attribute, then its deprecated name, then a default).
 */
public final class Coalesce {

    private Coalesce() {
    }

    /** The first non-null candidate; null when all are. */
    @SafeVarargs
    public static <T> T first(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
