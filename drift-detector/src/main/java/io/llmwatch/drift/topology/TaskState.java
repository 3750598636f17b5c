package io.llmwatch.drift.topology;

import io.llmwatch.drift.recommend.Hysteresis;
import io.llmwatch.event.Comparison;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the detector remembers about one task between records, in its persistent store.
 *
 * @param collecting  the window whose statistics are still arriving, or null
 * @param decided     the most recently decided windows, oldest first, at most the horizon
 * @param optimum     the accepted optimum and a pending change; null until the first decision
 * @param incumbent   the incumbent {@code optimum} started from: when the task's incumbent changes,
 *                    the optimum starts again from the new one
 * @param comparisons the latest comparison of each candidate, by candidate
 */
record TaskState(WindowStats collecting, List<WindowStats> decided, Hysteresis optimum, String incumbent,
        Map<String, Comparison> comparisons) {

    static final TaskState EMPTY = new TaskState(null, List.of(), null, null, Map.of());

    TaskState {
        decided = decided == null ? List.of() : List.copyOf(decided);
        comparisons = comparisons == null ? Map.of() : Map.copyOf(comparisons);
    }

    TaskState collecting(WindowStats window) {
        return new TaskState(window, decided, optimum, incumbent, comparisons);
    }

    TaskState with(Comparison comparison) {
        Map<String, Comparison> latest = new HashMap<>(comparisons);
        latest.put(comparison.candidate(), comparison);
        return new TaskState(collecting, decided, optimum, incumbent, latest);
    }
}
