package io.llmwatch.scorer.sample;

/**
 * What the by-task replay processor reads, keyed {@code app/task}: a replayable call (sampled for
 * replay, or only for the reservoir), the outcome of a replay, or where a candidate's comparison
 * stands. Exactly one of {@code call}, {@code outcome} and {@code standing} is set.
 */
record TaskInput(StoredCall call, boolean sampled, ReplayOutcome outcome, Standings.Standing standing) {

    static TaskInput of(StoredCall call, boolean sampled) {
        return new TaskInput(call, sampled, null, null);
    }

    static TaskInput of(ReplayOutcome outcome) {
        return new TaskInput(null, false, outcome, null);
    }

    static TaskInput of(Standings.Standing standing) {
        return new TaskInput(null, false, null, standing);
    }
}
