package io.llmwatch.scorer;

import io.llmwatch.event.ModelStats;
import io.llmwatch.kafka.TopicReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the drift watchers see of {@code llmwatch.model-stats}: each closed window's latest version. */
final class ClosedWindows {

    private ClosedWindows() {
    }

    /** Polls once more; the latest version of every window published closed, in window order. */
    static List<ModelStats> of(TopicReader<ModelStats> stats) {
        Map<Instant, ModelStats> windows = new TreeMap<>();
        stats.poll().stream().filter(s -> !s.open()).forEach(s -> windows.put(s.window().start(), s));
        return List.copyOf(windows.values());
    }
}
