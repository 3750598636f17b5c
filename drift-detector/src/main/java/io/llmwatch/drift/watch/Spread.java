package io.llmwatch.drift.watch;

/**
 * The per-call variance of a watched figure, estimated from its samples: a sample of n calls that lies
 * d from the normal level contributes n·d², since the mean of n calls varies as σ²/n. It is the mean
 * of the last {@value MetricWatch#REFERENCE_MEMORY} contributions (exponentially weighted beyond that).
 *
 * <p>{@link #upper()} is a one-sided 80 % upper bound of σ² from k contributions: s²·k / χ²₀.₂(k),
 * the chi-square quantile by the Wilson–Hilferty approximation (E. B. Wilson and M. M. Hilferty, "The
 * distribution of chi-square", PNAS 17, 1931). With the three samples a watch starts from it is about
 * three times s², with thirty 1.3 times, so a watch that has seen little calls little significant.
 *
 * @param samples contributions seen
 * @param value   their mean: σ² per call on the figure's scale
 */
record Spread(long samples, double value) {

    static final Spread EMPTY = new Spread(0, 0);

    /** z of the 20 % lower quantile of the normal distribution. */
    private static final double Z_20 = -0.8416;

    Spread plus(double deviation, long n) {
        long count = samples + 1;
        double weight = 1.0 / Math.min(count, MetricWatch.REFERENCE_MEMORY);
        return new Spread(count, value + (n * deviation * deviation - value) * weight);
    }

    /** An 80 % upper bound of σ², or infinity before any contribution. */
    double upper() {
        if (samples == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double k = Math.min(samples, MetricWatch.REFERENCE_MEMORY);
        double cube = 1 - 2 / (9 * k) + Z_20 * Math.sqrt(2 / (9 * k));
        return cube <= 0 ? Double.POSITIVE_INFINITY : value / (cube * cube * cube);
    }
}
