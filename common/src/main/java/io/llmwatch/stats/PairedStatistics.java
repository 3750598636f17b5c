package io.llmwatch.stats;

import io.llmwatch.event.Interval;
import io.llmwatch.event.Verdict;

/**
 * Turns the statistics of one {@code app/task/candidate} comparison into a {@link PairedSummary}:
 * n, mean and spread, the bootstrap interval for reports, the confidence-sequence interval and the
 * verdict decided on it alone (docs/architecture.md §5), and for an inconclusive verdict the pairs and spend
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
        return new PairedSummary(deltas.n(), deltas.mean(), deltas.stdDev(), bootstrapInterval(deltas), sequence,
                verdict, margin, more.morePairs(), more.cost());
    }

    /**
     * The bootstrap over the reservoir, which holds at most its capacity of the n deltas: beyond it,
     * the resampled means spread as means of k values, so their deviations from the reservoir's own
     * mean are scaled by √(k/n) and centred on the mean of all n deltas.
     */
    private Interval bootstrapInterval(PairedDeltas deltas) {
        double[] sample = deltas.sample();
        Interval raw = bootstrap.percentileInterval(sample);
        if (sample.length >= deltas.n()) {
            return raw;
        }
        double sampleMean = 0;
        for (double d : sample) {
            sampleMean += d;
        }
        sampleMean /= sample.length;
        double scale = Math.sqrt((double) sample.length / deltas.n());
        double lower = Math.max(-1, deltas.mean() + (raw.lower() - sampleMean) * scale);
        double upper = Math.min(1, deltas.mean() + (raw.upper() - sampleMean) * scale);
        return new Interval(Math.min(lower, upper), Math.max(lower, upper), raw.level());
    }
}
