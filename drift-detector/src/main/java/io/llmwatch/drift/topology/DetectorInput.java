package io.llmwatch.drift.topology;

import io.llmwatch.event.Comparison;
import io.llmwatch.event.ModelStats;

/**
 * One record for the per-task processor: a model's final window statistics, or a candidate's latest
 * comparison. Both inputs travel through one repartition topic keyed {@code app/task}, so one
 * processor sees everything about a task in order.
 */
record DetectorInput(ModelStats stats, Comparison comparison) {

    static DetectorInput of(ModelStats stats) {
        return new DetectorInput(stats, null);
    }

    static DetectorInput of(Comparison comparison) {
        return new DetectorInput(null, comparison);
    }
}
