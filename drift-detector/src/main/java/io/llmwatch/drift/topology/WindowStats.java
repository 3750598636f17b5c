package io.llmwatch.drift.topology;

import io.llmwatch.event.ModelStats;
import io.llmwatch.event.TimeWindow;
import java.util.HashMap;
import java.util.Map;

/** The statistics of every model of a task in one window, by model name. */
record WindowStats(TimeWindow window, Map<String, ModelStats> models) {

    WindowStats {
        models = Map.copyOf(models);
    }

    static WindowStats of(ModelStats stats) {
        return new WindowStats(stats.window(), Map.of(stats.model(), stats));
    }

    /** A model's (re-)sent statistics replace what this window had for it. */
    WindowStats with(ModelStats stats) {
        Map<String, ModelStats> updated = new HashMap<>(models);
        updated.put(stats.model(), stats);
        return new WindowStats(window, updated);
    }
}
