package io.llmwatch.event;

import java.time.Instant;

/**
 * An alert on {@code llmwatch.alerts} (schema {@value #SCHEMA}); keyed by {@code alert_id}. One
 * condition (one {@code dedup_key}) fires once, is re-sent only after a cooldown, and resolves.
 *
 * @param alertId    unique per firing; derived from the dedup key and the window, so re-processing
 *                   after a restart produces the same id
 * @param summary    one sentence for a person
 * @param dedupKey   stable identity of the condition, e.g. {@code OPTIMAL_MODEL_CHANGED/support/summarize}
 */
public record DriftAlert(
        String schema,
        String alertId,
        AlertType type,
        Severity severity,
        String app,
        String taskType,
        String model,
        Instant detectedAt,
        TimeWindow window,
        String summary,
        Evidence evidence,
        String dedupKey,
        AlertStatus status) {

    public static final String SCHEMA = "llmwatch.alert.v1";

    public DriftAlert {
        if (schema == null) {
            schema = SCHEMA;
        }
    }
}
