package io.llmwatch.scorer.sample;

/**
 * What the replay processor keeps per task it holds calls of: how many calls the reservoir has
 * received (the next entry's sequence number), and the periodic re-evaluation's schedule.
 *
 * @param stored    calls received so far; the reservoir holds the last of them
 * @param periodMs  the re-evaluation period the schedule was set for; null = no schedule
 * @param nextDueMs wall-clock time the next scheduled run is due; null = no schedule
 * @param lastRunMs wall-clock time of the last scheduled run; null = none yet
 */
record TaskReplayState(long stored, Long periodMs, Long nextDueMs, Long lastRunMs) {

    static final TaskReplayState NEW = new TaskReplayState(0, null, null, null);

    TaskReplayState withStored(long newStored) {
        return new TaskReplayState(newStored, periodMs, nextDueMs, lastRunMs);
    }

    TaskReplayState withSchedule(Long newPeriodMs, Long newNextDueMs, Long newLastRunMs) {
        return new TaskReplayState(stored, newPeriodMs, newNextDueMs, newLastRunMs);
    }
}
