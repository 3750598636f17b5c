package io.llmwatch.drift.watch;

import io.llmwatch.detect.DetectorSerde;
import io.llmwatch.detect.PageHinkley;
import java.time.Instant;

/**
 * What is remembered about one watched figure of one model (or candidate), between its samples: a
 * serialised Page-Hinkley detector, the figure's normal level, and the run of samples that left it.
 *
 * <p>A change <b>fires</b> when three things hold together: the detector reports a change in the bad
 * direction (it is statistically there), the samples lie more than the band beyond the normal level
 * and beyond the noise of a sample of their n calls (it matters, and it is not noise), and {@code confirm} samples in a row did so (it is sustained). A single sample, however
 * far out, never fires: the run it starts ends at the next sample back within the band, and the
 * detector, which re-arms after each report, has not seen anything unusual since. A condition that
 * has fired <b>resolves</b> when {@code confirm} samples in a row are back within the band of the
 * level before the change.
 *
 * <p>The normal level is the mean of the last {@value #REFERENCE_MEMORY} samples within the band
 * (exponentially weighted beyond that); it is frozen while samples are beyond the band, so a change
 * is always measured against the level before it. A figure that moves by less than the band per
 * {@value #REFERENCE_MEMORY} samples is followed, not reported. A run beyond the band that the
 * detector never confirms within {@value #REFERENCE_MEMORY} samples becomes the new normal level.
 *
 * <p><b>Why the sample's n.</b> A sample is the mean of n calls, so its noise is σ/√n: at small
 * {@code min_calls} a stationary quality stream lies beyond a 0.02 band half the time, and the
 * detector's thresholds, fixed on the figure's scale, cannot tell noise from change (measured before:
 * about 1,500 false alerts per model per 30 days of one-minute windows at the default {@code min_calls}
 * of 50). So a sample only counts as beyond the band when its deviation is also beyond what a
 * stationary sample of n calls exceeds only by chance: zσ/√n, z = 3.3 (one-sided p = 0.0005 for a
 * normal mean; z = 4 for cost and latency, whose means of a few calls have long right tails), plus, for a figure bounded per call in a range b (quality, error rate), the
 * skew term of Bernstein's inequality, t = (bL/3 + √((bL/3)² + 2nσ²L)) / n with L = z²/2 (S. Bernstein
 * 1924; in the form of Boucheron, Lugosi and Massart, "Concentration Inequalities", 2013, §2.8), so that
 * a skewed figure such as a rare error rate does not pass on a few errors, and no single call is ever
 * significant. {@code confirm} = 2 such samples in a row are rare (the simulation of issue 10,
 * {@code WatcherSimulation}, measures what reaches the alerts). σ² is the smaller of the figure's
 * {@linkplain WatchedMetric#varianceBound bound} and the {@linkplain Spread#upper upper bound} of the
 * variance its samples within the band showed. The normal level learns from every sample that does
 * not count as beyond: at a small n, nearly all of them, so it is not biased towards the good side.
 *
 * @param detector  the Page-Hinkley detector's state ({@link DetectorSerde}); null before the first sample
 * @param reference the normal level, on the figure's scale
 * @param run       the samples beyond the band since they left it, or null
 * @param spread    the per-call variance seen so far
 */
record MetricWatch(byte[] detector, Level reference, Run run, Spread spread) {

    /** Samples the normal level needs before anything is compared with it; also the detector's minimum. */
    static final int MIN_REFERENCE = 3;
    static final int REFERENCE_MEMORY = 30;

    /** Standard errors a sample of a bounded figure must lie beyond the normal level to count (one-sided p = 0.0005). */
    static final double Z = 3.3;
    /** The same for cost and latency, whose means of a few calls have long right tails. */
    static final double Z_UNBOUNDED = 4;

    static final MetricWatch NEW = new MetricWatch(null, Level.EMPTY, null, Spread.EMPTY);

    MetricWatch {
        // a watch stored before the spread was kept starts one
        spread = spread == null ? Spread.EMPTY : spread;
    }

    /**
     * How a figure is judged.
     *
     * @param band    the band of material change on the figure's scale
     * @param confirm samples in a row that confirm a change, and its end
     * @param delta   Page-Hinkley's δ as a fraction of the band
     * @param lambda  Page-Hinkley's λ as a multiple of the band
     */
    record Settings(double band, int confirm, double delta, double lambda) {

        PageHinkley.Params detector() {
            return new PageHinkley.Params(delta * band, lambda * band, 1, MIN_REFERENCE);
        }
    }

    /**
     * Samples beyond the band.
     *
     * @param since    start of the first of them
     * @param beyond   how many in a row (before firing)
     * @param detected whether the detector reported a change in the bad direction during the run
     * @param firedAt  when the change fired (end of the confirming sample), or null while pending
     * @param level    the level of the samples beyond the band
     * @param recovery after firing: the samples in a row back within the band
     */
    record Run(Instant since, int beyond, boolean detected, Instant firedAt, Level level, Level recovery) {

        boolean firing() {
            return firedAt != null;
        }

        static Run startingAt(Instant since) {
            return new Run(since, 0, false, null, Level.EMPTY, Level.EMPTY);
        }

        Run beyondBand(double scaled, Sample sample, boolean changed) {
            return new Run(since, beyond + 1, detected || changed, firedAt, level.plus(scaled, sample, REFERENCE_MEMORY),
                    Level.EMPTY);
        }

        Run noting(boolean changed) {
            return new Run(since, beyond, detected || changed, firedAt, level, recovery);
        }

        Run withinBand(double scaled, Sample sample) {
            return new Run(since, beyond, detected, firedAt, level, recovery.plus(scaled, sample, Integer.MAX_VALUE));
        }

        Run fire(Instant at) {
            return new Run(since, beyond, detected, at, level, recovery);
        }
    }

    /** What a sample did to the condition. */
    enum Outcome {
        /** Nothing to report: normal, or a change not (yet) confirmed. */
        QUIET,
        /** The change has just been confirmed. */
        FIRED,
        /** A confirmed change holds. */
        STILL_FIRING,
        /** The figure is back within the band of its level before the change. */
        RESOLVED
    }

    /**
     * One observed sample.
     *
     * @param next      the state to keep
     * @param outcome   what it did
     * @param reference the normal level the sample was judged against
     * @param run       the run it belongs to (null when quiet and normal)
     * @param sample    the sample
     */
    record Step(MetricWatch next, Outcome outcome, Level reference, Run run, Sample sample) {
    }

    Step observe(WatchedMetric metric, Sample sample, Settings settings) {
        double scaled = metric.scale(sample.value());
        PageHinkley detector = detector(settings.detector());
        boolean changed = detector.update(scaled) && detector.lastChange().orElseThrow().direction() == metric.bad();
        byte[] bytes = DetectorSerde.toBytes(detector);
        if (reference.samples() < MIN_REFERENCE) {
            return quiet(new MetricWatch(bytes, reference.plus(scaled, sample, REFERENCE_MEMORY), null, spread), sample);
        }
        double deviation = metric.badDeviation(scaled, reference.value());
        boolean beyond = deviation > settings.band() && deviation > noise(metric, sample.n());
        boolean firing = run != null && run.firing();
        // The spread of a bounded figure learns only from samples within the band, so that a change cannot raise
        // the noise it is judged against (cutting off one side barely changes the mean square of a deviation
        // centred on zero). Cost and latency have long right tails, which that cut would hide: their spread
        // learns from every sample that does not count as beyond.
        boolean learns = Double.isFinite(metric.range()) ? deviation <= settings.band() : !beyond;
        Spread seen = firing || !learns ? spread : spread.plus(scaled - reference.value(), sample.n());
        if (!firing) {
            if (!beyond) {
                Level level = reference.plus(scaled, sample, REFERENCE_MEMORY);
                if (run != null && deviation > settings.band()) {
                    // material but within the noise of its n: neither confirms the pending run nor ends it
                    Run pending = run.noting(changed);
                    return new Step(new MetricWatch(bytes, level, pending, seen), Outcome.QUIET, reference, pending, sample);
                }
                return quiet(new MetricWatch(bytes, level, null, seen), sample);
            }
            Run next = (run == null ? Run.startingAt(sample.window().start()) : run).beyondBand(scaled, sample, changed);
            if (next.detected() && next.beyond() >= settings.confirm()) {
                next = next.fire(sample.window().end());
                return new Step(new MetricWatch(bytes, reference, next, seen), Outcome.FIRED, reference, next, sample);
            }
            if (next.beyond() > REFERENCE_MEMORY) {
                return quiet(new MetricWatch(bytes, next.level(), null, seen), sample);
            }
            return new Step(new MetricWatch(bytes, reference, next, seen), Outcome.QUIET, reference, next, sample);
        }
        // a condition that fired resolves only once its samples are back within the band
        Run next = deviation > settings.band() ? run.beyondBand(scaled, sample, changed) : run.withinBand(scaled, sample);
        if (next.recovery().samples() >= settings.confirm()) {
            return new Step(new MetricWatch(bytes, reference, null, seen), Outcome.RESOLVED, reference, next, sample);
        }
        return new Step(new MetricWatch(bytes, reference, next, seen), Outcome.STILL_FIRING, reference, next, sample);
    }

    /**
     * What a stationary sample of n calls exceeds only by chance (see the type's comment). The normal
     * level is itself a mean, of about m calls, so the deviation varies as σ²(1/n + 1/m): n is replaced
     * by 1/(1/n + 1/m), which matters while the level has seen few samples.
     */
    private double noise(WatchedMetric metric, long n) {
        double variance = Math.min(metric.varianceBound(reference.value()), spread.upper());
        double m = (double) reference.n() / reference.samples() * Math.min(reference.samples(), REFERENCE_MEMORY);
        double calls = 1 / (1.0 / n + 1 / m);
        boolean bounded = Double.isFinite(metric.range());
        double z = bounded ? Z : Z_UNBOUNDED;
        double log = z * z / 2;
        double skew = bounded ? metric.range() * log / 3 : 0;
        return (skew + Math.sqrt(skew * skew + 2 * calls * variance * log)) / calls;
    }

    private Step quiet(MetricWatch next, Sample sample) {
        return new Step(next, Outcome.QUIET, next.reference(), null, sample);
    }

    /** The stored detector, or a new one when there is none or the settings changed (e.g. the task's margin). */
    private PageHinkley detector(PageHinkley.Params params) {
        PageHinkley stored = detector == null ? null : DetectorSerde.fromBytes(detector);
        return stored != null && stored.params().equals(params) ? stored : new PageHinkley(params);
    }
}
