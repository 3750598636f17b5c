package io.llmwatch.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One quality dimension of one model over a window or a run of windows (docs/dimensions.md): the
 * mean score over the {@code n} calls that have the dimension.
 *
 * @param mean mean score in 0..1, null when {@code n} is 0
 * @param n    calls scored on this dimension
 */
public record DimensionStats(Double mean, long n) {

    /**
     * The most dimensions kept per model and window. A window's statistics are read and written once
     * per call, so their size must not grow with whatever names evaluators invent: dimensions beyond
     * the first {@value} seen in a window are left out of its statistics (they still count in each
     * call's composite and stay on the scored call).
     */
    public static final int MAX_DIMENSIONS = 16;

    /** Merges per-window dimension statistics, weighting each mean by its n, keeping at most {@link #MAX_DIMENSIONS}. */
    public static Map<String, DimensionStats> merge(Iterable<Map<String, DimensionStats>> windows) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Map<String, DimensionStats> window : windows) {
            if (window == null) {
                continue;
            }
            window.forEach((name, stats) -> {
                if (stats.mean() == null || stats.n() <= 0) {
                    return;
                }
                double[] sum = sums.get(name);
                if (sum == null && sums.size() >= MAX_DIMENSIONS) {
                    return;
                }
                if (sum == null) {
                    sum = new double[2];
                    sums.put(name, sum);
                }
                sum[0] += stats.mean() * stats.n();
                sum[1] += stats.n();
            });
        }
        Map<String, DimensionStats> merged = new LinkedHashMap<>();
        sums.forEach((name, sum) -> merged.put(name, new DimensionStats(sum[0] / sum[1], (long) sum[1])));
        return merged;
    }
}
