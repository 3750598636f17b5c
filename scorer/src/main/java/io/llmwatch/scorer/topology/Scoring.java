package io.llmwatch.scorer.topology;

import io.llmwatch.scorer.stats.StatsContribution;

/**
 * What the score processor emits for one change: the call as scored now, and what the change adds
 * to its model's statistics (null when it adds nothing, e.g. only an extra score changed).
 */
record Scoring(ScoredCallJson scored, StatsContribution contribution) {
}
