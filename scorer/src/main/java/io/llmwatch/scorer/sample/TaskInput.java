package io.llmwatch.scorer.sample;

/**
 * What the by-task replay processor reads, keyed {@code app/task}: a replayable call (sampled for
 * replay, or only for the reservoir), or the outcome of a replay. Exactly one of {@code call} and
 * {@code outcome} is set.
 */
record TaskInput(StoredCall call, boolean sampled, ReplayOutcome outcome) {

    static TaskInput of(StoredCall call, boolean sampled) {
        return new TaskInput(call, sampled, null);
    }

    static TaskInput of(ReplayOutcome outcome) {
        return new TaskInput(null, false, outcome);
    }
}
