package io.llmwatch.app.bench.detect;

import io.llmwatch.detect.Change;
import java.util.Optional;

/**
 * Two-sided tabular CUSUM (E. S. Page, "Continuous inspection schemes", Biometrika 41, 1954; in the
 * tabular form of D. C. Montgomery, "Introduction to Statistical Quality Control", §9.1),
 * re-implemented from those sources.
 *
 * <p><b>Only {@code llmwatch bench} uses it</b>, to compare with the watchers' Page-Hinkley at the same
 * false-alarm rate ({@link DetectorComparison}): there it is no quicker on steps of 1σ to 4σ, and its
 * warm-up (estimating μ₀ and σ) leaves it blind for 200 samples after every start and every report.
 *
 * <p>It compares the stream with a target mean μ₀ and a standard deviation σ, both estimated over a
 * warm-up of the first {@code warmup} samples unless given, then frozen (a running mean would chase
 * the very shift it is meant to detect). With the slack K = k·σ and the decision interval H = h·σ,
 * <pre>
 *   C⁺ₜ = max(0, C⁺ₜ₋₁ + xₜ − μ₀ − K)      (the mean went up)
 *   C⁻ₜ = max(0, C⁻ₜ₋₁ − xₜ + μ₀ − K)      (the mean went down)
 * </pre>
 * and a change is reported when either exceeds H. k and h are in units of σ, so the defaults hold
 * for any scale. The chart assumes roughly symmetric noise whose σ the warm-up can estimate: a
 * warm-up of identical values gives σ = 0, and then any different value is a change. For rare
 * binary events (an error flag at 1 %) watch a windowed rate, or use {@link Adwin}.
 *
 * <p>{@link #lastChange()} gives μ₀ as the level before a change and Montgomery's estimate of the
 * level after it: μ₀ + K + C⁺/N⁺ upwards (μ₀ − K − C⁻/N⁻ downwards), with N the number of samples
 * since that sum last left zero.
 *
 * <p><b>After a detection</b> the detector re-arms by itself, as {@link #reset()} does but keeping
 * {@link #lastChange()}: a fresh warm-up estimates the new level as the new target, so one change is
 * reported once. A target or σ given in the parameters is kept instead: the process is then judged
 * against that fixed level, and alarms again every H/(shift − K) samples or so while it stays off it.
 *
 * <p><b>Measured at the defaults</b> on the seeded streams of the tests' {@code SyntheticStreams} (its
 * tests repeat these): <b>0 false alarms</b> in 100,000 stationary samples of
 * N(0.5, 0.1) clipped to [0, 1], and 0 in 100,000 of Bernoulli(0.3), at the tests' seed; over 200
 * seeds, 1 in 20 million Gaussian samples and 6 in 20 million Bernoulli samples (whose skew favours
 * upward runs). A step of 2σ is reported 3–20 samples after it, a Bernoulli 0.2 → 0.8 switch 3–45
 * after it, the 2.5σ changes of alternating blocks 3–13 after them; each change once, with one
 * report before a change in those 600 streams (200 seeds). The classical k = 0.5, h = 5 alarms every
 * few hundred samples; k = 0.5 with h = 12 still about once every 100,000–200,000, because a warm-up
 * estimate of μ₀ that is off by a fraction of σ takes that much off the slack on one side.
 */
public final class Cusum {

    /**
     * Parameters of a {@link Cusum} detector.
     *
     * @param warmup the number of samples the target and σ are estimated over (when not given);
     *               also the samples needed after (re-)arming before a change may be reported
     * @param k      the slack, in units of σ: shifts smaller than k·σ do not accumulate at all; the
     *               chart is quickest, for its false-alarm rate, on shifts of about 2k·σ
     * @param h      the decision interval, in units of σ: larger means fewer false alarms and longer
     *               delays
     * @param target μ₀ if known (e.g. a quality goal); null to estimate it over the warm-up
     * @param std    σ if known; null to estimate it over the warm-up
     */
    public record Params(int warmup, double k, double h, Double target, Double std) {

        /** 200 warm-up samples, k = 0.75, h = 12, target and σ estimated. */
        public static final Params DEFAULTS = new Params(200, 0.75, 12, null, null);

        public Params {
            require(warmup >= 2 || (target != null && std != null), "warm-up must be >= 2 samples unless target and std are given");
            require(warmup >= 0, "warm-up must be >= 0");
            require(k >= 0, "k must be >= 0");
            require(h > 0, "h must be > 0");
            require(std == null || std >= 0, "std must be >= 0");
        }
    }

    private final Params params;
    private long n;
    private double mean;
    private double squares;
    private boolean armed;
    private double target;
    private double sigma;
    private final Side up = new Side();
    private final Side down = new Side();
    private Change lastChange;

    public Cusum(Params params) {
        this.params = params;
    }

    /** A detector with {@link Params#DEFAULTS}. */
    public Cusum() {
        this(Params.DEFAULTS);
    }

    public Params params() {
        return params;
    }

    public boolean update(double x) {
        n++;
        double d = x - mean;
        mean += d / n;
        squares += d * (x - mean);
        if (!armed) {
            if (n < params.warmup) {
                return false;
            }
            target = params.target != null ? params.target : mean;
            sigma = params.std != null ? params.std : Math.sqrt(squares / (n - 1));
            armed = true;
            if (params.warmup > 0) {
                // the sample that completes the warm-up belongs to the estimate, not to the sums
                return false;
            }
        }
        double slack = params.k * sigma;
        double limit = params.h * sigma;
        up.add(x - target - slack);
        down.add(target - x - slack);
        if (up.sum > limit) {
            lastChange = Change.between(target, target + slack + up.sum / up.runLength);
        } else if (down.sum > limit) {
            lastChange = Change.between(target, target - slack - down.sum / down.runLength);
        } else {
            return false;
        }
        rearm();
        return true;
    }

    public void reset() {
        rearm();
        lastChange = null;
    }

    private void rearm() {
        n = 0;
        mean = 0;
        squares = 0;
        armed = false;
        target = 0;
        sigma = 0;
        up.clear();
        down.clear();
    }

    /** μ₀, the level changes are measured from; NaN during the warm-up. */
    public double target() {
        return armed ? target : Double.NaN;
    }

    /** σ, the unit of k and h; NaN during the warm-up. */
    public double sigma() {
        return armed ? sigma : Double.NaN;
    }

    public long samples() {
        return n;
    }

    /** The mean of the samples since the detector last (re-)armed. */
    public double estimate() {
        return n == 0 ? Double.NaN : mean;
    }

    public Optional<Change> lastChange() {
        return Optional.ofNullable(lastChange);
    }


    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("CUSUM: " + message);
        }
    }

    /** One of the two cumulative sums, and how many samples since it last left zero. */
    private static final class Side {
        double sum;
        long runLength;

        void add(double increment) {
            sum = Math.max(0, sum + increment);
            runLength = sum == 0 ? 0 : runLength + 1;
        }

        void clear() {
            sum = 0;
            runLength = 0;
        }

    }
}
