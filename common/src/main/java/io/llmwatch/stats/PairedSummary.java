package io.llmwatch.stats;

import io.llmwatch.event.Interval;
import io.llmwatch.event.Verdict;

/**
 * What a comparison of a candidate against the incumbent shows now, ready to publish.
 *
 * @param n                  paired deltas so far
 * @param mean               mean delta (candidate minus incumbent)
 * @param stdDev             sample standard deviation of the deltas
 * @param bootstrap          paired bootstrap percentile interval over the reservoir, for reports
 * @param confidenceSequence the anytime-valid interval the verdict is decided on
 * @param verdict            decided on {@code confidenceSequence} only
 * @param margin             the non-inferiority margin m
 * @param morePairs          about how many more pairs would decide an inconclusive comparison: 0
 *                           when decided, null when not decidable in practice
 *                           ({@link SampleSizeEstimate})
 * @param costOfMorePairs    replay spend of {@code morePairs}; null when unknown
 */
public record PairedSummary(
        long n,
        double mean,
        double stdDev,
        Interval bootstrap,
        Interval confidenceSequence,
        Verdict verdict,
        double margin,
        Long morePairs,
        Double costOfMorePairs) {
}
