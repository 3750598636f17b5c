package io.llmwatch.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * Two-sided Page-Hinkley test (E. S. Page, "Continuous inspection schemes", Biometrika 41, 1954;
 * D. V. Hinkley, "Inference about the change-point from cumulative sum tests", Biometrika 58, 1971),
 * re-implemented from the papers, with the forgetting factor of Gama, Sebastião and Rodrigues
 * ("On evaluating stream learning algorithms", Machine Learning 90, 2013).
 *
 * <p>With x̄ₜ the running mean of the samples since the detector last (re-)armed, it keeps two
 * cumulative sums of the deviations from that mean, each less the tolerance δ and floored at zero,
 * <pre>
 *   Uₜ = max(0, α·Uₜ₋₁ + (xₜ − x̄ₜ − δ))      (the mean went up)
 *   Lₜ = max(0, α·Lₜ₋₁ + (x̄ₜ − xₜ − δ))      (the mean went down)
 * </pre>
 * and reports a change when either exceeds λ, once at least {@code minSamples} samples have been
 * seen. δ, λ and the estimates are in the units of the samples: the defaults suit values in
 * [0, 1] (quality scores, error indicators, rates); scale δ and λ with the data otherwise.
 *
 * <p>{@link #lastChange()} estimates the level before a change as the running mean when the sum
 * that crossed λ last left zero (Hinkley's estimate of the change point), and the level after as the
 * mean of the samples since then. On noisy data that sum may have been drifting on noise before the
 * change, and the estimate after is then diluted towards the level before (e.g. 0.44 instead of 0.8
 * for a Bernoulli 0.2 → 0.8 switch): it gives the direction and a lower bound on the size.
 *
 * <p><b>After a detection</b> the detector re-arms by itself: it forgets its mean and sums (as
 * {@link #reset()} does, but keeping {@link #lastChange()}), so the new level becomes the reference
 * the next change is measured from, and one change is reported once.
 *
 * <p><b>Measured at the defaults</b> on the seeded streams of the bench tests' {@code SyntheticStreams}
 * ({@code PageHinkleyStreamsTest} in the app module repeats these): <b>0 false alarms</b> in 100,000 stationary samples of
 * N(0.5, 0.1) clipped to [0, 1], and 0 in 100,000 of Bernoulli(0.3), for each of 200 seeds. A step
 * of the mean from 0.5 to 0.7 (2σ) is reported 221–296 samples after it, a Bernoulli 0.2 → 0.8
 * switch 41–80 after it, the 2.5σ changes of alternating blocks 181–383 after them; each change
 * once (200 seeds). The defaults trade delay for silence on Bernoulli data, whose variance (0.21 at
 * p = 0.3) is twenty times that of the Gaussian stream: δ and λ are absolute, so the noisiest stream
 * sets them. On a less noisy stream, smaller δ and λ detect sooner: those 257 samples for a 2σ step
 * measure λ = 35 (350σ of that stream), not the detector.
 *
 * <p><b>Why the drift watchers use it</b> (issue 17, {@code llmwatch bench}, docs/statistics.md): calibrated
 * to the same false-alarm rate as tabular CUSUM and ADWIN (A. Bifet and R. Gavaldà, SIAM SDM 2007) on the
 * watchers' per-window values, with δ = 0.5σ it reports steps of 1σ to 4σ as soon as a CUSUM that knows
 * the true level and σ (a drift 5–12 % later), needs no warm-up, and is never blind after a report; ADWIN
 * is slower.
 * Its weak spot is a step no larger than its tolerance δ (0.5σ), which the watchers' noise test would
 * not let through anyway. CUSUM and ADWIN live on in the bench only.
 */
public final class PageHinkley {

    /**
     * Parameters of a {@link PageHinkley} detector.
     *
     * @param delta      δ, the magnitude tolerance: deviations from the mean smaller than δ never
     *                   accumulate, so shifts smaller than δ are not detected (units of the samples)
     * @param lambda     λ, the detection threshold on the cumulative sums: larger means fewer false
     *                   alarms and longer delays (units of the samples)
     * @param alpha      α in (0, 1], the forgetting factor applied to the sums at every sample: below
     *                   1 it slowly forgets old evidence, so long quiet stretches do not carry over
     * @param minSamples samples needed after (re-)arming before a change may be reported: the
     *                   running mean of very few samples is too noisy to measure deviations from
     */
    public record Params(double delta, double lambda, double alpha, int minSamples) {

        /** δ = 0.04, λ = 35, α = 1 − 0.0001 (as in River), 30 samples. */
        public static final Params DEFAULTS = new Params(0.04, 35, 1 - 0.0001, 30);

        public Params {
            require(delta >= 0, "delta must be >= 0");
            require(lambda > 0, "lambda must be > 0");
            require(alpha > 0 && alpha <= 1, "alpha must be in (0, 1]");
            require(minSamples >= 1, "min samples must be >= 1");
        }
    }

    private final Params params;
    private long n;
    private double mean;
    private final Side up = new Side();
    private final Side down = new Side();
    private Change lastChange;

    public PageHinkley(Params params) {
        this.params = params;
    }

    /** A detector with {@link Params#DEFAULTS}. */
    public PageHinkley() {
        this(Params.DEFAULTS);
    }

    public Params params() {
        return params;
    }

    /**
     * Adds one sample.
     *
     * @return true when this sample confirms a change; {@link #lastChange()} then describes it
     */
    public boolean update(double x) {
        n++;
        mean += (x - mean) / n;
        up.add(x, x - mean - params.delta, mean, params.alpha);
        down.add(x, mean - x - params.delta, mean, params.alpha);
        if (n < params.minSamples) {
            return false;
        }
        Side crossed = up.sum > params.lambda ? up : down.sum > params.lambda ? down : null;
        if (crossed == null) {
            return false;
        }
        lastChange = Change.between(crossed.meanAtStart, crossed.runTotal / crossed.runLength);
        rearm();
        return true;
    }

    /** Forgets everything, as if newly created with the same parameters. */
    public void reset() {
        rearm();
        lastChange = null;
    }

    private void rearm() {
        n = 0;
        mean = 0;
        up.clear();
        down.clear();
    }

    /** How many samples the current state rests on: since the last reset or re-arm. */
    public long samples() {
        return n;
    }

    /** The running mean of the samples since the last reset or re-arm (NaN before the first). */
    public double estimate() {
        return n == 0 ? Double.NaN : mean;
    }

    /** The most recent change detected since the detector was created or {@link #reset()}. */
    public Optional<Change> lastChange() {
        return Optional.ofNullable(lastChange);
    }

    void write(DataOutput out) throws IOException {
        out.writeDouble(params.delta);
        out.writeDouble(params.lambda);
        out.writeDouble(params.alpha);
        out.writeInt(params.minSamples);
        out.writeLong(n);
        out.writeDouble(mean);
        up.write(out);
        down.write(out);
        DetectorSerde.writeChange(out, lastChange);
    }

    static PageHinkley read(DataInput in) throws IOException {
        PageHinkley detector = new PageHinkley(new Params(in.readDouble(), in.readDouble(), in.readDouble(), in.readInt()));
        detector.n = in.readLong();
        detector.mean = in.readDouble();
        detector.up.read(in);
        detector.down.read(in);
        detector.lastChange = DetectorSerde.readChange(in);
        return detector;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("Page-Hinkley: " + message);
        }
    }

    /** One of the two cumulative sums, and the run of samples since it last left zero. */
    private static final class Side {
        double sum;
        double meanAtStart;
        long runLength;
        double runTotal;

        void add(double x, double deviation, double mean, double alpha) {
            sum = Math.max(0, alpha * sum + deviation);
            if (sum == 0) {
                runLength = 0;
                runTotal = 0;
                meanAtStart = mean;
            } else {
                runLength++;
                runTotal += x;
            }
        }

        void clear() {
            sum = 0;
            meanAtStart = 0;
            runLength = 0;
            runTotal = 0;
        }

        void write(DataOutput out) throws IOException {
            out.writeDouble(sum);
            out.writeDouble(meanAtStart);
            out.writeLong(runLength);
            out.writeDouble(runTotal);
        }

        void read(DataInput in) throws IOException {
            sum = in.readDouble();
            meanAtStart = in.readDouble();
            runLength = in.readLong();
            runTotal = in.readDouble();
        }
    }
}
