package io.llmwatch.app.bench.detect;

import io.llmwatch.detect.PageHinkley;
import io.llmwatch.drift.watch.WatcherSimulation;
import io.llmwatch.drift.watch.WatcherSimulation.FigureSamples;
import io.llmwatch.stats.ClopperPearson;
import io.llmwatch.stats.DecisionSimulation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * Which change detector the drift watchers should use, measured like for like: every detector is
 * calibrated to the same in-control average run length ARL₀ (samples per false alarm) on the streams the
 * watchers feed their detector, then judged by its detection delay after a change.
 *
 * <p>A detector's delay means nothing without its false-alarm rate: any detector detects sooner with a
 * lower threshold. So each {@link Family} has one threshold t, found by bisection so that the detector
 * raises at most {@code samples / ARL₀} alarms on a stationary calibration stream; its false alarms are
 * then counted on an independent stationary stream (95 % Clopper–Pearson bounds) and its delays on
 * independent streams that change after {@code stable} samples. The streams are each watched figure's
 * per-window values ({@link WatcherSimulation#stationarySamples}: quality, log cost, log p95 latency,
 * error rate of windows of {@code calls} calls, through the production pooling), and a change is a step
 * of s·σ in the figure's bad direction, or a drift of s·σ per 100 samples, σ the figure's per-window
 * standard deviation. The same streams serve every detector (common random numbers).
 *
 * <p>The detectors: Page-Hinkley (E. S. Page 1954; D. V. Hinkley 1971) as the watchers run it (α = 1,
 * three samples before a report) with δ = 0.5σ; tabular CUSUM (Page 1954) with k = 0.5 and μ₀, σ
 * estimated over a 200-sample warm-up; the same CUSUM told the true μ₀ and σ, which no watcher knows, as
 * the yardstick (for a Gaussian step of 2k·σ it is optimal at its ARL₀: G. Lorden, Ann. Math. Stat. 42, 1971;
 * G. V. Moustakides, Ann. Stat. 14, 1986); and ADWIN (A. Bifet and R. Gavaldà, SIAM SDM 2007) with δ = e^−t.
 */
public final class DetectorComparison {

    /** A detector, created from its threshold and the stream's mean and σ. */
    @FunctionalInterface
    public interface Factory {
        DoublePredicate create(double threshold, double mean, double sigma);
    }

    /**
     * A detector with one threshold to calibrate: a larger t means fewer alarms.
     *
     * @param name    as the tables print it
     * @param setting its parameters, t the calibrated one
     * @param low     the lowest t tried, the most eager (ADWIN's may still alarm less often than asked)
     * @param high    the highest, with too few alarms for any ARL₀ of interest
     */
    public record Family(String name, String setting, double low, double high, Factory factory) {
    }

    /**
     * A change of the figure's level.
     *
     * @param name  as the tables print it
     * @param size  s: the step, or the drift per 100 samples, in σ of the figure's per-window values
     * @param drift whether the level drifts by {@code size} σ per 100 samples rather than stepping
     */
    public record Shift(String name, double size, boolean drift) {

        double offset(int sinceChange) {
            return drift ? size * (sinceChange + 1) / 100.0 : size;
        }
    }

    /**
     * The size of a run.
     *
     * @param arl0         the in-control average run length every detector is calibrated to, in samples
     * @param calibration  stationary samples per figure the thresholds are calibrated on
     * @param falseAlarms  independent stationary samples per figure the false alarms are counted on
     * @param streams      changing streams per figure and change
     * @param stable       samples before the change (the detector starts fresh at the first)
     * @param cap          samples after it; a change not reported within them counts as {@code cap + 1}
     * @param calls        calls per one-minute window (= {@code alerts.min_calls}, so one window is one sample)
     * @param seed         the seed of the first stream
     */
    public record Settings(double arl0, int calibration, int falseAlarms, int streams, int stable, int cap, long calls,
            long seed) {

        /** These settings at another ARL₀. */
        public Settings withArl0(double value) {
            return new Settings(value, calibration, falseAlarms, streams, stable, cap, calls, seed);
        }
    }

    /**
     * One detector on one figure.
     *
     * @param figure      the watched figure
     * @param detector    the family's name
     * @param threshold   the calibrated t
     * @param eagerest    whether t is the family's lowest: the detector cannot alarm as often as the ARL₀ asks,
     *                    so it is compared at a lower false-alarm rate than the others
     * @param alarms      false alarms on the independent stationary stream
     * @param samples     its length
     * @param delays      per change of {@link #SHIFTS}: the delays of every stream, sorted, in samples from
     *                    the change to the report (the reporting sample counts: 1 is the soonest)
     */
    public record Row(String figure, String detector, double threshold, boolean eagerest, long alarms, long samples,
            List<long[]> delays) {

        /** Samples per false alarm. */
        public double arl0() {
            return alarms == 0 ? Double.POSITIVE_INFINITY : (double) samples / alarms;
        }

        /** False alarms per 10,000 samples with the 95 % Clopper–Pearson bounds: {value, lower, upper}. */
        public double[] falseAlarmsPer10k() {
            return new double[] {1e4 * alarms / samples, 1e4 * ClopperPearson.lower(alarms, samples, 0.95),
                    1e4 * ClopperPearson.upper(alarms, samples, 0.95)};
        }

        /** The q-quantile of the delays after change {@code change}. */
        public int delay(int change, double q) {
            // delays are capped at settings.cap() + 1 samples: they fit an int
            return (int) DecisionSimulation.quantile(delays.get(change), q);
        }

        /** Streams of change {@code change} reported within {@code samples} samples of it. */
        public long within(int change, int samples) {
            return Arrays.stream(delays.get(change)).filter(d -> d <= samples).count();
        }
    }

    public static final Family PAGE_HINKLEY = new Family("page-hinkley", "δ = 0.5σ, λ = t·σ, α = 1, min 3 samples",
            0.05, 500, (t, mean, sigma) -> new PageHinkley(new PageHinkley.Params(0.5 * sigma, t * sigma, 1, 3))::update);

    public static final List<Family> FAMILIES = List.of(
            PAGE_HINKLEY,
            new Family("cusum", "k = 0.5, h = t, μ₀ and σ from a 200-sample warm-up", 0.05, 500,
                    (t, mean, sigma) -> new Cusum(new Cusum.Params(200, 0.5, t, null, null))::update),
            new Family("cusum, μ₀ σ known", "k = 0.5, h = t, the true μ₀ and σ (a yardstick)", 0.05, 500,
                    (t, mean, sigma) -> new Cusum(new Cusum.Params(0, 0.5, t, mean, sigma))::update),
            new Family("adwin", "δ = e^-t, clock 32, M = 5", 0.01, 200,
                    (t, mean, sigma) -> new Adwin(new Adwin.Params(Math.exp(-t), 32, 5, 10, 5))::update));

    public static final List<Shift> SHIFTS = List.of(
            new Shift("step 0.5σ", 0.5, false),
            new Shift("step 1σ", 1, false),
            new Shift("step 2σ", 2, false),
            new Shift("step 4σ", 4, false),
            new Shift("drift 1σ/100", 1, true));

    private static final int BISECTIONS = 24;

    private DetectorComparison() {
    }

    /**
     * The stationary samples of every watched figure: to calibrate on, to count false alarms on, and to
     * change (consecutive stretches of {@code stable + cap}), each from its own seed.
     */
    public record Streams(List<FigureSamples> calibration, List<FigureSamples> stationary, List<FigureSamples> changing) {

        public static Streams of(Settings settings) {
            return new Streams(
                    WatcherSimulation.stationarySamples(settings.calls(), settings.calibration(), settings.seed()),
                    WatcherSimulation.stationarySamples(settings.calls(), settings.falseAlarms(), settings.seed() + 1),
                    WatcherSimulation.stationarySamples(settings.calls(),
                            settings.streams() * (settings.stable() + settings.cap()), settings.seed() + 2));
        }
    }

    /** Every family on every figure, on new streams. */
    public static List<Row> run(Settings settings, List<Family> families) {
        return run(settings, Streams.of(settings), families);
    }

    /** Every family on every figure of {@code streams}, calibrated to {@code settings.arl0()}. */
    public static List<Row> run(Settings settings, Streams streams, List<Family> families) {
        List<Row> rows = new ArrayList<>();
        for (int f = 0; f < streams.calibration().size(); f++) {
            double[] calibrating = streams.calibration().get(f).values();
            double mean = Arrays.stream(calibrating).average().orElseThrow();
            double sigma = Math.sqrt(Arrays.stream(calibrating).map(x -> (x - mean) * (x - mean)).sum() / (calibrating.length - 1));
            long target = (long) Math.floor(calibrating.length / settings.arl0());
            for (Family family : families) {
                double t = calibrate(family, calibrating, mean, sigma, target);
                long alarms = alarms(family.factory().create(t, mean, sigma), streams.stationary().get(f).values());
                List<long[]> delays = new ArrayList<>();
                for (Shift shift : SHIFTS) {
                    delays.add(delays(family, t, mean, sigma, streams.changing().get(f), shift, settings));
                }
                rows.add(new Row(streams.calibration().get(f).figure(), family.name(), t, t <= family.low() * 1.001, alarms,
                        settings.falseAlarms(), delays));
            }
        }
        return rows;
    }

    /** The smallest t (to the bisection's precision, on a log scale) with at most {@code target} alarms. */
    static double calibrate(Family family, double[] stationary, double mean, double sigma, long target) {
        double low = family.low();
        double high = family.high();
        for (int i = 0; i < BISECTIONS; i++) {
            double t = Math.sqrt(low * high);
            if (alarms(family.factory().create(t, mean, sigma), stationary) <= target) {
                high = t;
            } else {
                low = t;
            }
        }
        return high;
    }

    private static long alarms(DoublePredicate detector, double[] values) {
        long alarms = 0;
        for (double value : values) {
            alarms += detector.test(value) ? 1 : 0;
        }
        return alarms;
    }

    private static long[] delays(Family family, double t, double mean, double sigma, FigureSamples samples, Shift change,
            Settings settings) {
        int length = settings.stable() + settings.cap();
        double sign = samples.badUp() ? 1 : -1;
        long[] delays = new long[settings.streams()];
        for (int s = 0; s < settings.streams(); s++) {
            DoublePredicate detector = family.factory().create(t, mean, sigma);
            int offset = s * length;
            delays[s] = settings.cap() + 1;
            for (int i = 0; i < length; i++) {
                double value = samples.values()[offset + i];
                if (i >= settings.stable()) {
                    value += sign * sigma * change.offset(i - settings.stable());
                }
                if (detector.test(value) && i >= settings.stable()) {
                    delays[s] = i - settings.stable() + 1;
                    break;
                }
            }
        }
        Arrays.sort(delays);
        return delays;
    }
}
