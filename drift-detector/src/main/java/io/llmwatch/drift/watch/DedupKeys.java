package io.llmwatch.drift.watch;

import io.llmwatch.event.AlertType;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.TaskKey;

/**
 * The stable identities of watched conditions: one condition, one dedup key, whatever the alert
 * says each time. {@code TYPE/app/task/model} for a model's figures, with {@code /paired} for a
 * candidate's paired delta, and {@code TOKEN_SPIRAL/app/task/trace/<id>} (or {@code session/<id>})
 * for a run.
 */
public final class DedupKeys {

    private DedupKeys() {
    }

    /** A condition of one model of a task, e.g. {@code COST_DRIFT/support/summarize-ticket/gpt-4.1}. */
    public static String model(AlertType type, ModelKey model) {
        return type + "/" + model;
    }

    /** A candidate's paired delta, e.g. {@code QUALITY_DRIFT/support/summarize-ticket/gpt-4.1-mini/paired}. */
    public static String paired(ModelKey candidate) {
        return AlertType.QUALITY_DRIFT + "/" + candidate + "/paired";
    }

    /** A candidate's critical dimension, e.g. {@code CRITICAL_DIMENSION/support/analyse/gpt-4.1-mini/stat_validity}. */
    public static String critical(ModelKey candidate, String dimension) {
        return AlertType.CRITICAL_DIMENSION + "/" + candidate + "/" + dimension;
    }

    /** A token spiral of one run, e.g. {@code TOKEN_SPIRAL/support/research/trace/4bf92f35}. */
    public static String run(TaskKey task, String runId) {
        return AlertType.TOKEN_SPIRAL + "/" + task + "/" + runId;
    }
}
