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
 * (it matters), and {@code confirm} samples in a row did so (it is sustained). A single sample, however
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
 * @param detector  the Page-Hinkley detector's state ({@link DetectorSerde}); null before the first sample
 * @param reference the normal level, on the figure's scale
 * @param run       the samples beyond the band since they left it, or null
 */
record MetricWatch(byte[] detector, Level reference, Run run) {

    /** Samples the normal level needs before anything is compared with it; also the detector's minimum. */
    static final int MIN_REFERENCE = 3;
    static final int REFERENCE_MEMORY = 30;

    static final MetricWatch NEW = new MetricWatch(null, Level.EMPTY, null);

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
            return quiet(new MetricWatch(bytes, reference.plus(scaled, sample, REFERENCE_MEMORY), null), sample);
        }
        boolean beyond = metric.badDeviation(scaled, reference.value()) > settings.band();
        if (run == null || !run.firing()) {
            if (!beyond) {
                return quiet(new MetricWatch(bytes, reference.plus(scaled, sample, REFERENCE_MEMORY), null), sample);
            }
            Run next = (run == null ? Run.startingAt(sample.window().start()) : run).beyondBand(scaled, sample, changed);
            if (next.detected() && next.beyond() >= settings.confirm()) {
                next = next.fire(sample.window().end());
                return new Step(new MetricWatch(bytes, reference, next), Outcome.FIRED, reference, next, sample);
            }
            if (next.beyond() > REFERENCE_MEMORY) {
                return quiet(new MetricWatch(bytes, next.level(), null), sample);
            }
            return new Step(new MetricWatch(bytes, reference, next), Outcome.QUIET, reference, next, sample);
        }
        Run next = beyond ? run.beyondBand(scaled, sample, changed) : run.withinBand(scaled, sample);
        if (next.recovery().samples() >= settings.confirm()) {
            return new Step(new MetricWatch(bytes, reference, null), Outcome.RESOLVED, reference, next, sample);
        }
        return new Step(new MetricWatch(bytes, reference, next), Outcome.STILL_FIRING, reference, next, sample);
    }

    private Step quiet(MetricWatch next, Sample sample) {
        return new Step(next, Outcome.QUIET, next.reference(), null, sample);
    }

    /** The stored detector, or a new one when there is none or the settings changed (e.g. the task's margin). */
    private PageHinkley detector(PageHinkley.Params params) {
        if (detector != null && DetectorSerde.fromBytes(detector) instanceof PageHinkley stored
                && stored.params().equals(params)) {
            return stored;
        }
        return new PageHinkley(params);
    }
}
