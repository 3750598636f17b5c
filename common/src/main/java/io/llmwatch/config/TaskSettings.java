package io.llmwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.TaskKey;
import io.llmwatch.json.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The settings in force for a task right now: the live entry on {@code llmwatch.control} first, then
 * the config file's task entry, then the file's defaults, then the built-in defaults. Components
 * call {@link #forTask} for every decision, so a change on the control topic applies at once,
 * without a restart. The live entry is read by a {@link LiveOverlay}; a resolved task is cached until
 * that entry changes, so the per-record cost is a map lookup. Not thread-safe: one per processor.
 */
public final class TaskSettings {

    private final LlmwatchConfig file;
    private final LiveOverlay<TaskConfig> overlay;
    private final Map<TaskKey, Resolved> resolved = new HashMap<>();

    /**
     * @param file    start-up configuration
     * @param control looks up the current value of a {@code llmwatch.control} key (e.g. a global
     *                state store), null when absent
     */
    public TaskSettings(LlmwatchConfig file, Function<String, JsonNode> control) {
        this.file = file;
        this.overlay = new LiveOverlay<>(control, (key, value) -> Json.mapper().treeToValue(value, TaskConfig.class));
    }

    public TaskConfig forTask(TaskKey key) {
        TaskConfig entry = overlay.live(ControlKey.task(key).toString()).orElse(null);
        Resolved cached = resolved.get(key);
        if (cached != null && cached.entry == entry) {
            return cached.config;
        }
        TaskConfig config = resolve(key, entry);
        resolved.put(key, new Resolved(entry, config));
        return config;
    }

    private TaskConfig resolve(TaskKey key, TaskConfig live) {
        TaskConfig fromFile = file.task(key).orElse(null);
        TaskConfig layered = fromFile == null ? file.defaults() : fromFile.orElse(file.defaults());
        TaskConfig effective = live == null ? layered : live.orElse(layered);
        return effective.toBuilder().app(key.app()).taskType(key.taskType())
                .weights(weights(effective.profile(), live, fromFile, effective.weights())).build();
    }

    /**
     * A profile's weights sit between the task's own and the defaults: the live entry's and the file
     * task entry's weights win over the profile's, which win over {@code defaults} and the built-in
     * ones (those are meant for tasks without a profile).
     */
    private static QualityWeights weights(QualityProfile profile, TaskConfig live, TaskConfig fromFile,
                                          QualityWeights layered) {
        if (profile == null) {
            return layered;
        }
        QualityWeights weights = profile.weights();
        if (fromFile != null && fromFile.weights() != null) {
            weights = fromFile.weights().orElse(weights);
        }
        if (live != null && live.weights() != null) {
            weights = live.weights().orElse(weights);
        }
        return weights;
    }

    /** The live entry (null: none) a task was resolved with, and the result. */
    private record Resolved(TaskConfig entry, TaskConfig config) {
    }
}
