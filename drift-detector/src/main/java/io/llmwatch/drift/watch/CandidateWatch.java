package io.llmwatch.drift.watch;

import java.time.Instant;

/**
 * What the drift detector remembers about one candidate's paired comparison with its incumbent.
 * A comparison is cumulative (n and mean over every pair so far), so the pairs added since the last
 * one are recovered from the sums: their count {@code n₂ − n₁} and mean
 * {@code (n₂·m₂ − n₁·m₁) / (n₂ − n₁)}.
 *
 * @param incumbent the model the candidate was compared with; another one starts afresh
 * @param pairs     n of the last comparison seen
 * @param deltaSum  n × mean delta of the last comparison seen
 * @param updatedAt when the last comparison was published
 * @param pool      new pairs pooled towards the next sample, or null
 * @param watch     the paired delta's detector and condition
 */
record CandidateWatch(String incumbent, long pairs, double deltaSum, Instant updatedAt, Pool pool, MetricWatch watch) {

    static CandidateWatch against(String incumbent) {
        return new CandidateWatch(incumbent, 0, 0, null, null, MetricWatch.NEW);
    }
}
