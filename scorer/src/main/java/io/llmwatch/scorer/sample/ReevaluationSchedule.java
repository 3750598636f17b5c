package io.llmwatch.scorer.sample;

import java.time.Duration;

/**
 * When a task's periodic re-evaluation runs, from its live {@code reevaluate_every} and the
 * schedule kept in its {@link TaskReplayState} (pure; the processor persists the result).
 *
 * <ul>
 *   <li>A period first seen (the task's first call, or a period newly set) makes the first run due
 *       one period later; a changed period re-times the next run to one new period after the last
 *       run (or from now, if none ran yet), and at once if that is already past.</li>
 *   <li>A due run fires once, and the next one is due on the original grid (due + k·period) at the
 *       first point after now. <b>Catch-up rule:</b> after downtime spanning several due times,
 *       exactly one run happens when the processor is back, not one per missed period; a restart
 *       before a due time runs nothing. The schedule and the run's requests are committed together,
 *       so a run is neither lost nor repeated across a restart.</li>
 *   <li>No period (removed from the config) drops the schedule; setting one again starts afresh.</li>
 * </ul>
 */
final class ReevaluationSchedule {

    private ReevaluationSchedule() {
    }

    /**
     * @param period the task's live period, or null for none
     * @return the state to keep, and the due time of the run to start now (null for none)
     */
    static Step step(TaskReplayState state, Duration period, long nowMs) {
        if (period == null) {
            return new Step(state.periodMs() == null ? state : state.withSchedule(null, null, state.lastRunMs()), null);
        }
        long periodMs = period.toMillis();
        TaskReplayState current = state;
        if (state.periodMs() == null || state.periodMs() != periodMs) {
            long from = state.periodMs() != null && state.lastRunMs() != null ? state.lastRunMs() : nowMs;
            current = state.withSchedule(periodMs, from + periodMs, state.lastRunMs());
        }
        long due = current.nextDueMs();
        if (due > nowMs) {
            return new Step(current, null);
        }
        long next = due + ((nowMs - due) / periodMs + 1) * periodMs;
        return new Step(current.withSchedule(periodMs, next, nowMs), due);
    }

    /**
     * @param dueMs the due time of the run to start now, which names it; null when none is due
     */
    record Step(TaskReplayState state, Long dueMs) {
    }
}
