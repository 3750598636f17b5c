package io.llmwatch.scorer.topology;

import io.llmwatch.event.LlmCall;
import io.llmwatch.scorer.stats.StatsContribution;

/**
 * What the score processor emits for one change: the call as scored now, what the change adds to
 * its model's statistics (null when it adds nothing, e.g. only an extra score changed), and the call
 * itself when it is scored for the first time (null when an evaluation re-scores it).
 */
record Scoring(ScoredCallJson scored, StatsContribution contribution, LlmCall newCall) {
}
