package io.llmwatch.app.bench;

import io.llmwatch.app.bench.detect.DetectorComparison;
import io.llmwatch.app.bench.detect.DetectorComparison.Family;
import io.llmwatch.app.bench.detect.DetectorComparison.Row;
import io.llmwatch.app.bench.detect.DetectorComparison.Settings;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoublePredicate;

/**
 * The change detectors compared at the same false-alarm rate ({@link DetectorComparison}): per watched
 * figure and detector, the calibrated threshold, the false alarms on independent stationary samples with
 * their 95 % Clopper–Pearson bounds, and the median and p90 delays after steps of 0.5σ, 1σ, 2σ and a
 * drift; then the updates per second of one thread. Detectors compared at their own defaults would
 * compare thresholds, not detectors (issue 17: "CUSUM 9 samples, Page-Hinkley 257" was that).
 */
final class DetectorBench {

    /**
     * The bench's run: 1,000,000 samples to calibrate on and as many to count false alarms on, 1,000 changing
     * streams per figure and change, windows of the default {@code min_calls} (50), a fixed seed.
     */
    static final Settings SETTINGS = new Settings(10_000, 1_000_000, 1_000_000, 1_000, 300, 700, 50, 17);

    /** The ARL₀s compared at: the ranking depends on it (a warm-up costs more when false alarms are frequent). */
    static final List<Double> ARL0S = List.of(1_000.0, 10_000.0);

    /** Where each timed detector's result goes, so that the JIT cannot discard the work that produced it. */
    private static volatile long blackhole;

    private DetectorBench() {
    }

    static void print(PrintStream out) {
        print(out, SETTINGS, ARL0S);
    }

    /** Measures every detector at each ARL₀ and prints the comparisons and the speeds. */
    static void print(PrintStream out, Settings settings, List<Double> arl0s) {
        DetectorComparison.Streams streams = DetectorComparison.Streams.of(settings);
        for (double arl0 : arl0s) {
            table(out, settings.withArl0(arl0), streams);
        }
        out.printf("%n%-20s %18s%n", "detector", "updates/s");
        for (Family family : DetectorComparison.FAMILIES) {
            out.printf(Locale.ROOT, "%-20s %,18.0f%n", family.name(), updatesPerSecond(family));
        }
    }

    private static void table(PrintStream out, Settings settings, DetectorComparison.Streams streams) {
        out.printf(Locale.ROOT, "%nChange detectors calibrated to the same ARL0 of %,.0f samples on the watchers' per-window"
                + " values (windows of %d calls,%nthresholds bisected on %,d stationary samples per figure). False alarms"
                + " per 10,000 on %,d independent samples,%n95 %% Clopper-Pearson; delay: samples from the change to the"
                + " report, median / p90 over %,d streams that change after %d%nstable samples (\"> %d\": not reported"
                + " within %d); * the detector cannot alarm that often: compared at fewer false alarms.%n",
                settings.arl0(), settings.calls(), settings.calibration(), settings.falseAlarms(), settings.streams(),
                settings.stable(), settings.cap(), settings.cap());
        for (Family family : DetectorComparison.FAMILIES) {
            out.printf("  %-20s %s%n", family.name(), family.setting());
        }
        StringBuilder header = new StringBuilder(String.format("%-13s %-20s %8s %-24s", "figure", "detector", "t",
                "false alarms /10k [CP]"));
        DetectorComparison.SHIFTS.forEach(shift -> header.append(String.format(" %-14s", shift.name())));
        out.println(header.toString().stripTrailing());
        for (Row row : DetectorComparison.run(settings, streams, DetectorComparison.FAMILIES)) {
            double[] rate = row.falseAlarmsPer10k();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-13s %-20s %8.3f %-24s", row.figure(),
                    row.detector(), row.threshold(), String.format(Locale.ROOT, "%.2f [%.2f, %.2f]%s", rate[0], rate[1],
                            rate[2], row.eagerest() ? " *" : "")));
            for (int s = 0; s < DetectorComparison.SHIFTS.size(); s++) {
                line.append(String.format(" %-14s", delay(row.delay(s, 0.5), settings) + " / " + delay(row.delay(s, 0.9), settings)));
            }
            out.println(line.toString().stripTrailing());
            out.flush();
        }
    }

    private static String delay(int delay, Settings settings) {
        return delay > settings.cap() ? "> " + settings.cap() : Integer.toString(delay);
    }

    /** The best of several timed passes over one standard normal stream: the first passes warm the JIT up. */
    private static double updatesPerSecond(Family family) {
        SplittableRandom random = new SplittableRandom(1);
        double[] values = new double[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5;
        }
        double best = 0;
        for (int pass = 0; pass < 10; pass++) {
            DoublePredicate detector = family.factory().create(8, 0, 0.5);
            long alarms = 0;
            long begin = System.nanoTime();
            for (double value : values) {
                alarms += detector.test(value) ? 1 : 0;
            }
            best = Math.max(best, values.length / ((System.nanoTime() - begin) / 1e9));
            blackhole = alarms;
        }
        return best;
    }
}
