package io.llmwatch.app.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the values of one metric label: the first {@code max} distinct values keep their name, any
 * later one is reported as {@value #OTHER}. Apps, tasks and models come from callers, so without a
 * bound one misbehaving client could create a time series per request and exhaust Prometheus.
 */
final class LabelLimiter {

    static final String OTHER = "other";

    private final int max;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();

    LabelLimiter(int max) {
        this.max = max;
    }

    String label(String value) {
        if (value == null || value.isBlank()) {
            return "none";
        }
        if (kept.contains(value)) {
            return value;
        }
        synchronized (this) {
            if (kept.size() < max) {
                kept.add(value);
                return value;
            }
        }
        return OTHER;
    }
}
