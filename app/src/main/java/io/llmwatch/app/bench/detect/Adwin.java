package io.llmwatch.app.bench.detect;

import io.llmwatch.detect.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ADWIN, adaptive windowing (A. Bifet and R. Gavaldà, "Learning from time-changing data with
 * adaptive windowing", SIAM SDM 2007), in its ADWIN2 form with an exponential histogram,
 * re-implemented from the paper.
 *
 * <p><b>Only {@code llmwatch bench} uses it</b>, to compare with the watchers' Page-Hinkley at the same
 * false-alarm rate ({@link DetectorComparison}): its cut bound is conservative, so on the watchers' values
 * it cannot alarm as often as the others even at δ near 1, and it is slower than them.
 *
 * <p>It keeps a window W of the most recent samples, as long as no two parts of it disagree. Every
 * {@code clock} samples it checks each split of W into an older part W₀ and a newer part W₁ (at
 * bucket boundaries, both parts at least {@code minSubWindow} long): with n₀, n₁ their lengths,
 * 1/m = 1/n₀ + 1/n₁, σ²_W the variance of W and δ′ = δ / ln |W|, the means differ significantly when
 * <pre>
 *   |μ̂₀ − μ̂₁| &gt; ε_cut = √((2/m)·σ²_W·ln(2/δ′)) + (2/(3m))·ln(2/δ′)
 * </pre>
 * and then the oldest bucket is dropped, and the check repeats until no split disagrees. A sample
 * that leads to a drop reports a change. δ bounds the probability of a false drop, whatever the scale
 * of the samples: no parameter has units.
 *
 * <p>Memory and time per check are O(M·log |W|): W is summarised in buckets of 1, 2, 4, … samples
 * (each keeping its sum and variance), at most M + 1 of each size before the two oldest merge.
 *
 * <p>{@link #lastChange()} gives the means of W₀ and W₁ at the first split that disagreed.
 *
 * <p><b>After a detection</b> nothing needs re-arming: ADWIN has already dropped the part of its
 * window from before the change, so its window holds only samples consistent with the new level, and
 * the next change is measured from there. {@link #reset()} empties the window.
 *
 * <p><b>One change, several reports.</b> The first cut after a change removes only as much of the
 * old window as is significant at that moment; as more samples of the new level arrive, later checks
 * cut again. So ADWIN typically reports a change two to four times within some 250 samples (the
 * bench counts these as repeats); callers that alert should keep one report per change, e.g. with
 * the alert's dedup key and cooldown.
 *
 * <p><b>Measured at the defaults</b> on the seeded streams of the tests' {@code SyntheticStreams} (its
 * tests repeat these): <b>0 false alarms</b> in 100,000 stationary samples of
 * N(0.5, 0.1) clipped to [0, 1], and 0 in 100,000 of Bernoulli(0.3), at the tests' seed; over 200
 * seeds, 0 in 20 million Gaussian and 1 in 20 million Bernoulli samples. A step of 2σ is first
 * reported 55–87 samples after it, a Bernoulli 0.2 → 0.8 switch 23–55 after it, the changes of
 * alternating blocks 35–75 after them (200 seeds; the clock of 32 sets the granularity).
 */
public final class Adwin {

    /**
     * Parameters of an {@link Adwin} detector.
     *
     * @param delta        δ in (0, 1), the confidence: a bound on the probability of a false cut;
     *                     smaller means fewer false alarms and longer delays
     * @param clock        how often (in samples) the window is checked for a cut; checking less often
     *                     saves time and delays a detection by up to {@code clock − 1} samples
     * @param maxBuckets   M, the buckets of each size kept before the two oldest merge: more means a
     *                     finer choice of split points, more memory and time
     * @param minWindow    the window must be longer than this before it is checked at all
     * @param minSubWindow the shortest W₀ and W₁ a split may have
     */
    public record Params(double delta, int clock, int maxBuckets, int minWindow, int minSubWindow) {

        /** δ = 0.002, checked every 32 samples, M = 5, window &gt; 10, sub-windows ≥ 5 (as in MOA and River). */
        public static final Params DEFAULTS = new Params(0.002, 32, 5, 10, 5);

        public Params {
            require(delta > 0 && delta < 1, "delta must be in (0, 1)");
            require(clock >= 1, "clock must be >= 1");
            require(maxBuckets >= 2, "max buckets must be >= 2");
            require(minSubWindow >= 1, "min sub-window must be >= 1");
            require(minWindow >= 2 * minSubWindow, "min window must be >= 2 × min sub-window");
        }
    }

    private final Params params;
    /** Row i holds buckets of 2^i samples, oldest first; the last row holds the oldest samples. */
    private final List<Row> rows = new ArrayList<>();
    private long width;
    private double total;
    /** Sum of squared deviations from the window's mean. */
    private double variance;
    private long ticks;
    private Change lastChange;

    public Adwin(Params params) {
        this.params = params;
    }

    /** A detector with {@link Params#DEFAULTS}. */
    public Adwin() {
        this(Params.DEFAULTS);
    }

    public Params params() {
        return params;
    }

    public boolean update(double x) {
        insert(x);
        ticks++;
        if (ticks % params.clock != 0 || width <= params.minWindow) {
            return false;
        }
        boolean detected = false;
        while (cutOnce(!detected)) {
            detected = true;
        }
        return detected;
    }

    public void reset() {
        rows.clear();
        width = 0;
        total = 0;
        variance = 0;
        ticks = 0;
        lastChange = null;
    }

    /** The window's length. */
    public long samples() {
        return width;
    }

    /** The mean of the window. */
    public double estimate() {
        return width == 0 ? Double.NaN : total / width;
    }

    /** The variance of the samples in the window. */
    public double windowVariance() {
        return width == 0 ? Double.NaN : variance / width;
    }

    public Optional<Change> lastChange() {
        return Optional.ofNullable(lastChange);
    }

    /** The buckets summarising the window: O(M·log |W|). */
    int buckets() {
        return rows.stream().mapToInt(row -> row.count).sum();
    }

    private void insert(double x) {
        if (rows.isEmpty()) {
            rows.add(new Row(params.maxBuckets + 1));
        }
        rows.get(0).append(x, 0);
        width++;
        if (width > 1) {
            double previousMean = total / (width - 1);
            variance += (width - 1) * (x - previousMean) * (x - previousMean) / width;
        }
        total += x;
        compress();
    }

    private void compress() {
        for (int i = 0; i < rows.size() && rows.get(i).count > params.maxBuckets; i++) {
            if (i + 1 == rows.size()) {
                rows.add(new Row(params.maxBuckets + 1));
            }
            Row row = rows.get(i);
            double size = bucketSize(i);
            double difference = row.totals[0] / size - row.totals[1] / size;
            double merged = row.variances[0] + row.variances[1] + size * size * difference * difference / (2 * size);
            rows.get(i + 1).append(row.totals[0] + row.totals[1], merged);
            row.dropOldest(2);
        }
    }

    /**
     * Looks for one split of the window whose two parts disagree and, if there is one, drops the
     * oldest bucket.
     */
    private boolean cutOnce(boolean record) {
        double n0 = 0;
        double u0 = 0;
        for (int i = rows.size() - 1; i >= 0; i--) {
            Row row = rows.get(i);
            double size = bucketSize(i);
            for (int j = 0; j < row.count; j++) {
                n0 += size;
                u0 += row.totals[j];
                double n1 = width - n0;
                if (n1 < params.minSubWindow) {
                    return false;
                }
                if (n0 >= params.minSubWindow) {
                    double mean0 = u0 / n0;
                    double mean1 = (total - u0) / n1;
                    if (Math.abs(mean0 - mean1) > epsilonCut(n0, n1)) {
                        if (record) {
                            lastChange = Change.between(mean0, mean1);
                        }
                        dropOldest();
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private double epsilonCut(double n0, double n1) {
        double inverseM = 1 / n0 + 1 / n1;
        double logTerm = Math.log(2 * Math.log(width) / params.delta);
        double windowVariance = variance / width;
        return Math.sqrt(2 * inverseM * windowVariance * logTerm) + 2.0 / 3.0 * inverseM * logTerm;
    }

    private void dropOldest() {
        int last = rows.size() - 1;
        Row row = rows.get(last);
        double size = bucketSize(last);
        double bucketTotal = row.totals[0];
        double bucketVariance = row.variances[0];
        width -= (long) size;
        total -= bucketTotal;
        if (width == 0) {
            variance = 0;
            total = 0;
        } else {
            double difference = bucketTotal / size - total / width;
            variance = Math.max(0, variance - bucketVariance - size * width * difference * difference / (size + width));
        }
        row.dropOldest(1);
        if (row.count == 0) {
            rows.remove(last);
        }
    }

    private static double bucketSize(int row) {
        return (double) (1L << row);
    }


    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("ADWIN: " + message);
        }
    }

    /** The buckets of one size: their sums and variances (sums of squared deviations), oldest first. */
    private static final class Row {
        final double[] totals;
        final double[] variances;
        int count;

        Row(int capacity) {
            totals = new double[capacity];
            variances = new double[capacity];
        }

        void append(double bucketTotal, double bucketVariance) {
            totals[count] = bucketTotal;
            variances[count] = bucketVariance;
            count++;
        }

        void dropOldest(int k) {
            System.arraycopy(totals, k, totals, 0, count - k);
            System.arraycopy(variances, k, variances, 0, count - k);
            count -= k;
        }
    }
}
