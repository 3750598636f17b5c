package io.llmwatch.stats;

import io.llmwatch.event.Interval;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * An anytime-valid confidence sequence for the mean of paired deltas in [-1, 1], updated in O(1)
 * per observation: with probability at least {@code 1 - alpha}, <em>every</em> interval it ever
 * reports contains the true mean, however often it is looked at and whenever one stops. A fixed-n
 * confidence interval (t, normal or bootstrap) promises its coverage only at one sample size chosen
 * in advance; checked after every new pair, it excludes the true mean at some point far more often
 * than {@code alpha}. llmwatch's comparisons are looked at continuously, so every automated verdict
 * is read off this sequence.
 *
 * <p>Implemented: the predictable plug-in empirical-Bernstein confidence sequence (PrPl-EB) of
 * I. Waudby-Smith and A. Ramdas, "Estimating means of bounded random variables by betting",
 * J. R. Stat. Soc. B 86(1), 2024, arXiv:2010.09686, Theorem 2, for i.i.d. (more generally:
 * constant conditional mean) observations {@code x_i} in [0, 1]; a delta {@code d} is mapped to
 * {@code x = (d + 1) / 2} and the bounds back by {@code d = 2x - 1}. At time {@code t}, with
 * {@code L = log(2 / alpha)}:
 * <pre>
 *   mu_t      = (1/2 + sum_{i &lt;= t} x_i) / (t + 1)               (mu_0 = 1/2)
 *   sigma2_t  = (1/4 + sum_{i &lt;= t} (x_i - mu_i)^2) / (t + 1)     (sigma2_0 = 1/4)
 *   lambda_t  = min( sqrt(2 L / (sigma2_{t-1} * t * log(1 + t))), c )  with c = 1/2
 *   v_t       = 4 (x_t - mu_{t-1})^2
 *   psi_E(l)  = (-log(1 - l) - l) / 4
 *   C_t       = sum lambda_i x_i / sum lambda_i
 *                 +- (L + sum v_i psi_E(lambda_i)) / sum lambda_i
 * </pre>
 * The bets {@code lambda_t}, {@code mu_{t-1}} and {@code sigma2_{t-1}} use only earlier
 * observations (they are predictable), which is what makes the bound hold at all times at once
 * (Ville's inequality on a nonnegative supermartingale, one for each side at {@code alpha / 2}).
 * The truncation {@code c = 1/2} is one of the paper's two suggestions (1/2 or 3/4).
 *
 * <p>Reported is the running intersection of the {@code C_t}, clipped to [-1, 1]: still a
 * {@code 1 - alpha} confidence sequence (the paper notes this), and it never widens. On the rare
 * event that the intersection would become empty, which under a constant mean happens only when the
 * sequence has already failed, the reported interval stays as it was and {@link #contradicted()}
 * turns true: in practice a sign that the mean has moved since the comparison began.
 *
 * <p>Mutable and not thread-safe.
 */
public final class ConfidenceSequence {

    /** Error probability used unless another is given. */
    public static final double DEFAULT_ALPHA = 0.05;

    /** The truncation {@code c} of the bets. */
    static final double TRUNCATION = 0.5;

    private static final double PRIOR_MEAN = 0.5;
    private static final double PRIOR_VARIANCE = 0.25;

    private final double alpha;
    private final double logTerm;
    private long t;
    private double sumX;
    private double sumSquaredDeviations;
    private double sumLambda;
    private double sumLambdaX;
    private double sumVariancePsi;
    private double lower = -1;
    private double upper = 1;
    /** Which way the data left the running intersection once it would have become empty; null before. */
    private Shift contradiction;

    public ConfidenceSequence() {
        this(DEFAULT_ALPHA);
    }

    /** @param alpha probability that the sequence ever excludes the true mean, in (0, 1) */
    public ConfidenceSequence(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        this.alpha = alpha;
        this.logTerm = Math.log(2 / alpha);
    }

    /**
     * Adds one paired delta. The caller checks the range (see {@link PairedDeltas#add}); values
     * outside [-1, 1] void the guarantee.
     */
    public void update(double delta) {
        double x = (delta + 1) / 2;
        double previousMean = (PRIOR_MEAN + sumX) / (t + 1);
        double previousVariance = (PRIOR_VARIANCE + sumSquaredDeviations) / (t + 1);
        t++;
        double lambda = bet(previousVariance, t);
        double v = 4 * (x - previousMean) * (x - previousMean);
        sumLambda += lambda;
        sumLambdaX += lambda * x;
        sumVariancePsi += v * psiE(lambda);
        sumX += x;
        double mean = (PRIOR_MEAN + sumX) / (t + 1);
        sumSquaredDeviations += (x - mean) * (x - mean);

        double centre = sumLambdaX / sumLambda;
        double radius = (logTerm + sumVariancePsi) / sumLambda;
        double newLower = Math.max(lower, 2 * Math.max(0, centre - radius) - 1);
        double newUpper = Math.min(upper, 2 * Math.min(1, centre + radius) - 1);
        if (newLower > newUpper) {
            // the new interval lies wholly above the running intersection (the mean rose) or below it
            if (contradiction == null) {
                contradiction = newLower > upper ? Shift.UP : Shift.DOWN;
            }
        } else {
            lower = newLower;
            upper = newUpper;
        }
    }

    // Math.log rather than Math.log1p: time >= 1, so 1 + time loses nothing, and lambda <= 1/2, where
    // log(1 - lambda) is accurate to far below what the bound needs; log is a JIT intrinsic and log1p
    // is not, which matters to the change detector's dozen sequences per pair.
    private double bet(double variance, double time) {
        return Math.min(Math.sqrt(2 * logTerm / (variance * time * Math.log(1 + time))), TRUNCATION);
    }

    private static double psiE(double lambda) {
        return (-Math.log(1 - lambda) - lambda) / 4;
    }

    /** The running interval for the mean delta at level {@code 1 - alpha}; [-1, 1] before any data. */
    public Interval interval() {
        return new Interval(lower, upper, 1 - alpha);
    }

    public double alpha() {
        return alpha;
    }

    /** The running lower bound, as {@link #interval()} without building one. */
    double lower() {
        return lower;
    }

    /** The running upper bound, as {@link #interval()} without building one. */
    double upper() {
        return upper;
    }

    /** Observations so far. */
    public long n() {
        return t;
    }

    /** True once the running intersection would have become empty (see the class comment). */
    public boolean contradicted() {
        return contradiction != null;
    }

    /** Which way the data first left the running intersection, or null while it has not. */
    public Shift contradiction() {
        return contradiction;
    }

    /**
     * How many more observations until this sequence's half-width (in delta units, before
     * intersection) would fall below {@code halfWidth}, if the future deltas had standard deviation
     * {@code stdDev}: the sums above are carried forward with {@code sigma2} and {@code E[v]} held
     * at {@code (stdDev / 2)^2} and {@code stdDev^2}. Beyond 100 further steps the sums advance in
     * blocks of 1 % of the time elapsed, so the answer may overshoot by up to 1 %.
     *
     * @return the number of further steps, or empty if more than {@code maxSteps} would be needed
     */
    public OptionalLong stepsUntilHalfWidth(double halfWidth, double stdDev, long maxSteps) {
        if (!(halfWidth > 0)) {
            return OptionalLong.empty();
        }
        double variance = stdDev * stdDev / 4;
        double expectedV = stdDev * stdDev;
        double lambdas = sumLambda;
        double penalties = sumVariancePsi;
        if (t > 0 && 2 * (logTerm + penalties) / lambdas < halfWidth) {
            return OptionalLong.of(0);
        }
        long time = t;
        while (time - t < maxSteps) {
            long block = Math.max(1, time / 100);
            double lambda = bet(variance, time + (block + 1) / 2.0);
            lambdas += block * lambda;
            penalties += block * expectedV * psiE(lambda);
            time += block;
            if (2 * (logTerm + penalties) / lambdas < halfWidth) {
                return time - t <= maxSteps ? OptionalLong.of(time - t) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    static int serializedSize() {
        return Double.BYTES + Long.BYTES + 7 * Double.BYTES + 1;
    }

    void writeTo(ByteBuffer out) {
        out.putDouble(alpha).putLong(t)
                .putDouble(sumX).putDouble(sumSquaredDeviations)
                .putDouble(sumLambda).putDouble(sumLambdaX).putDouble(sumVariancePsi)
                .putDouble(lower).putDouble(upper)
                .put((byte) (contradiction == null ? 0 : contradiction == Shift.DOWN ? 1 : 2));
    }

    static ConfidenceSequence readFrom(ByteBuffer in) {
        ConfidenceSequence cs = new ConfidenceSequence(in.getDouble());
        cs.t = in.getLong();
        cs.sumX = in.getDouble();
        cs.sumSquaredDeviations = in.getDouble();
        cs.sumLambda = in.getDouble();
        cs.sumLambdaX = in.getDouble();
        cs.sumVariancePsi = in.getDouble();
        cs.lower = in.getDouble();
        cs.upper = in.getDouble();
        // format 1 wrote 1 for any contradiction: read as a fall, the direction that revokes
        byte contradiction = in.get();
        cs.contradiction = contradiction == 0 ? null : contradiction == 2 ? Shift.UP : Shift.DOWN;
        return cs;
    }
}
