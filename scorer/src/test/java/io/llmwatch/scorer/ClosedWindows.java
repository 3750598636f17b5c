package io.llmwatch.scorer;

import io.llmwatch.event.ModelStats;
import io.llmwatch.kafka.TopicReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the drift watchers see of {@code llmwatch.model-stats}: each closed window's latest version.
 *
 * <p>A test closes windows with a call far later in event time. Sent while other partitions still
 * wait to be scored, it closes the windows without their calls, which republish them later, closed
 * and complete, but the watchers act on the first closed version: a test that asserts on it sends
 * the closing call once {@link #countedCalls} says the open windows hold every call (seen in CI:
 * 54, 59 and 36 of 100 calls in the first closed versions).
 */
final class ClosedWindows {

    private ClosedWindows() {
    }

    /** Polls once more; the latest version of every window published closed, in window order. */
    static List<ModelStats> of(TopicReader<ModelStats> stats) {
        return latest(stats, s -> !s.open());
    }

    /** Polls once more; the calls counted by the latest version of every window, open or closed. */
    static long countedCalls(TopicReader<ModelStats> stats) {
        return latest(stats, s -> true).stream().mapToLong(ModelStats::calls).sum();
    }

    /** Polls once more; the latest version of every window that {@code published} accepts, in window order. */
    private static List<ModelStats> latest(TopicReader<ModelStats> stats, Predicate<ModelStats> published) {
        Map<Instant, ModelStats> windows = new TreeMap<>();
        stats.poll().stream().filter(published).forEach(s -> windows.put(s.window().start(), s));
        return List.copyOf(windows.values());
    }
}
