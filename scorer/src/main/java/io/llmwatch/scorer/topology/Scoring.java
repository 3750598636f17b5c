package io.llmwatch.scorer.topology;

import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.LlmCall;
import io.llmwatch.scorer.stats.StatsContribution;

/**
 * What the score processor emits for one change: the call as scored now, what the change adds to
 * its model's statistics (null when it adds nothing, e.g. only an extra score changed), and the call
 * itself when it is scored for the first time (null when an evaluation re-scores it). Or, instead of
 * all three, the dead letter of an evaluation that came too late to count.
 */
record Scoring(ScoredCallJson scored, StatsContribution contribution, LlmCall newCall, DeadLetter rejected) {

    Scoring(ScoredCallJson scored, StatsContribution contribution, LlmCall newCall) {
        this(scored, contribution, newCall, null);
    }

    static Scoring rejected(DeadLetter letter) {
        return new Scoring(null, null, null, letter);
    }
}
