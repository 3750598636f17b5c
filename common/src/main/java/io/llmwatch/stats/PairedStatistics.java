package io.llmwatch.stats;

/**
 * Turns the statistics of one {@code app/task/candidate} comparison into a {@link PairedSummary}:
 * n, mean and spread, the bootstrap interval for reports, the confidence-sequence interval and the
 * verdict decided on it alone (DESIGN §4), and for an inconclusive verdict the pairs and spend
 * that would likely decide it. Because the verdict comes from an anytime-valid confidence
 * sequence, a handful of favourable pairs can never yield {@code non_inferior}: the sequence is
 * simply too wide at small n (with alpha 0.05 and m = 0.02, even ten deltas of +1 leave it
 * reaching below -0.5).
 *
 * <p>The bootstrap costs O(resamples × reservoir size) (about 5 ms at 2,000 × 2,000); everything
 * else is O(1).
 */
public final class PairedStatistics {

    private final Bootstrap bootstrap;

    /** The default bootstrap: 2,000 resamples, level 0.95, fixed seed. */
    public PairedStatistics() {
        this(new Bootstrap());
    }

    public PairedStatistics(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * @param deltas      the comparison's statistics, with at least one delta
     * @param margin      the task's non-inferiority margin m (default 0.02), at least 0
     * @param costPerPair replay (and judging) spend per paired sample, null if unknown
     * @throws IllegalArgumentException if {@code deltas} is empty
     */
    public PairedSummary summarize(PairedDeltas deltas, double margin, Double costPerPair) {
        if (deltas.n() == 0) {
            throw new IllegalArgumentException("no paired deltas to summarize");
        }
        Interval sequence = deltas.anytimeInterval();
        Verdict verdict = Verdict.of(sequence, margin);
        SampleSizeEstimate more = SampleSizeEstimate.of(deltas, margin, costPerPair);
        return new PairedSummary(deltas.n(), deltas.mean(), deltas.stdDev(),
                bootstrap.percentileInterval(deltas.sample()), sequence, verdict, margin,
                more.morePairs(), more.cost());
    }
}
