package io.llmwatch.scorer.sample;

import io.llmwatch.event.TaskKey;
import java.util.HashMap;
import java.util.Map;

/**
 * Bounds how many unsampled calls per task one stream task sends on to its {@link RecentCalls}: at
 * most {@link #PER_SECOND} per second of wall clock. Below that rate every replayable call is kept;
 * above it, a ring of the last 1,000 would turn over within seconds anyway, so sending every
 * call (prompt and answer included) through the by-task repartition would double the scorer's
 * traffic for nothing. In memory only: after a restart it starts afresh, which only lets a few more
 * calls through. Not thread-safe: one per processor.
 */
final class RecentCallsFeed {

    static final int PER_SECOND = 10;
    /** Tasks remembered; beyond this the memo starts over (junk task names). */
    private static final int MAX_TASKS = 10_000;

    private final boolean enabled;
    private final Map<TaskKey, Second> seconds = new HashMap<>();

    /** @param enabled false when no recent calls are kept */
    RecentCallsFeed(boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether a call of {@code task} at wall-clock {@code nowMs} goes to its task's recent calls. */
    boolean admit(TaskKey task, long nowMs) {
        if (!enabled) {
            return false;
        }
        if (seconds.size() >= MAX_TASKS) {
            seconds.clear();
        }
        long second = Math.floorDiv(nowMs, 1_000L);
        Second current = seconds.get(task);
        if (current == null || current.second != second) {
            current = new Second(second);
            seconds.put(task, current);
        }
        return current.count++ < PER_SECOND;
    }

    private static final class Second {
        private final long second;
        private int count;

        private Second(long second) {
            this.second = second;
        }
    }
}
