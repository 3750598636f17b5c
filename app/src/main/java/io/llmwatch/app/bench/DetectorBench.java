package io.llmwatch.app.bench;

import io.llmwatch.detect.Adwin;
import io.llmwatch.detect.ChangeDetector;
import io.llmwatch.detect.Cusum;
import io.llmwatch.detect.DetectorTrial;
import io.llmwatch.detect.LabelledStream;
import io.llmwatch.detect.PageHinkley;
import io.llmwatch.detect.SyntheticStreams;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The change detectors' figures, at their default parameters, over the seeded streams of
 * {@link SyntheticStreams}: per detector and stream type, the detection delay (samples from a change
 * to its first report), changes missed and reports repeated; the false alarms per 100,000 stationary
 * samples; and the updates per second of one thread.
 */
final class DetectorBench {

    static final int SEEDS = 20;
    static final int STATIONARY_SAMPLES = 100_000;

    private static final List<Candidate> DETECTORS = List.of(
            new Candidate("page-hinkley", PageHinkley::new),
            new Candidate("cusum", Cusum::new),
            new Candidate("adwin", Adwin::new));

    private static final List<LongFunction<LabelledStream>> CHANGING = List.of(
            SyntheticStreams::step, SyntheticStreams::bernoulliSwitch, SyntheticStreams::alternatingBlocks);

    private static final List<LongFunction<LabelledStream>> STATIONARY = List.of(
            seed -> SyntheticStreams.stationaryGaussian(seed, STATIONARY_SAMPLES),
            seed -> SyntheticStreams.stationaryBernoulli(seed, STATIONARY_SAMPLES));

    /** Where each timed detector's result goes, so that the JIT cannot discard the work that produced it. */
    private static volatile double blackhole;

    private DetectorBench() {
    }

    /** Measures every detector and prints a table of delays, one of false alarms and one of speed. */
    static void print(PrintStream out) {
        out.printf("%nChange detectors at their defaults, %d seeds per stream. Delay: samples from a change to its first%n"
                + "report, median [min-max]; missed: changes never reported; early: reports before the first change;%n"
                + "repeats: further reports of a change already reported (ADWIN sheds its old window over several checks).%n",
                SEEDS);
        out.printf("%-14s %-32s %18s %7s %6s %8s%n", "detector", "stream", "delay", "missed", "early", "repeats");
        for (Candidate detector : DETECTORS) {
            for (LongFunction<LabelledStream> streams : CHANGING) {
                List<Integer> delays = new ArrayList<>();
                String name = "";
                int missed = 0;
                int early = 0;
                int repeats = 0;
                for (long seed = 0; seed < SEEDS; seed++) {
                    LabelledStream stream = streams.apply(seed);
                    name = stream.name();
                    DetectorTrial trial = DetectorTrial.run(detector.create().get(), stream);
                    for (OptionalInt delay : trial.delays()) {
                        if (delay.isPresent()) {
                            delays.add(delay.getAsInt());
                        } else {
                            missed++;
                        }
                    }
                    early += trial.falseAlarms();
                    repeats += trial.repeats();
                }
                out.printf(Locale.ROOT, "%-14s %-32s %18s %7d %6d %8d%n", detector.name(), name, spread(delays), missed, early,
                        repeats);
            }
        }
        out.printf("%n%-14s %-32s %18s%n", "detector", "stationary stream", "false alarms/100k");
        for (Candidate detector : DETECTORS) {
            for (LongFunction<LabelledStream> streams : STATIONARY) {
                String name = "";
                int alarms = 0;
                for (long seed = 0; seed < SEEDS; seed++) {
                    LabelledStream stream = streams.apply(seed);
                    name = stream.name();
                    alarms += DetectorTrial.run(detector.create().get(), stream).falseAlarms();
                }
                out.printf(Locale.ROOT, "%-14s %-32s %18.2f   (%d in %,d samples)%n", detector.name(), name,
                        alarms / (double) SEEDS, alarms, (long) SEEDS * STATIONARY_SAMPLES);
            }
        }
        out.printf("%n%-14s %18s%n", "detector", "updates/s");
        for (Candidate detector : DETECTORS) {
            out.printf(Locale.ROOT, "%-14s %,18.0f%n", detector.name(), updatesPerSecond(detector));
        }
    }

    /** The best of several timed passes over one stationary stream: the first passes warm the JIT up. */
    private static double updatesPerSecond(Candidate candidate) {
        double[] values = SyntheticStreams.stationaryGaussian(1, STATIONARY_SAMPLES).values();
        double best = 0;
        for (int pass = 0; pass < 10; pass++) {
            ChangeDetector detector = candidate.create().get();
            long begin = System.nanoTime();
            for (double value : values) {
                detector.update(value);
            }
            best = Math.max(best, values.length / ((System.nanoTime() - begin) / 1e9));
            blackhole = detector.estimate();
        }
        return best;
    }

    private static String spread(List<Integer> delays) {
        if (delays.isEmpty()) {
            return "-";
        }
        int[] sorted = delays.stream().mapToInt(Integer::intValue).sorted().toArray();
        return String.format(Locale.ROOT, "%d [%d-%d]", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]);
    }

    private record Candidate(String name, Supplier<ChangeDetector> create) {
    }
}
