package io.llmwatch.drift.topology;

import io.llmwatch.drift.recommend.Hysteresis;
import java.util.List;

/**
 * What the detector remembers about one task between records, in its persistent store.
 *
 * @param collecting the window whose statistics are still arriving, or null
 * @param decided    the most recently decided windows, oldest first, at most the horizon
 * @param optimum    the accepted optimum and a pending change; null until the first decision
 */
record TaskState(WindowStats collecting, List<WindowStats> decided, Hysteresis optimum) {

    static final TaskState EMPTY = new TaskState(null, List.of(), null);

    TaskState {
        decided = decided == null ? List.of() : List.copyOf(decided);
    }
}
