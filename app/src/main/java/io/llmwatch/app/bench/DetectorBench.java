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
 * to its first report), changes missed and reports repeated, the false alarms per 100,000 stationary
 * samples, and the updates per second of one thread.
 */
final class DetectorBench {

    static final int SEEDS = 20;
    static final int STATIONARY_SAMPLES = 100_000;

    private static final List<Candidate> DETECTORS = List.of(
            new Candidate("page-hinkley", PageHinkley::new),
            new Candidate("cusum", Cusum::new),
            new Candidate("adwin", Adwin::new));

    private static final List<StreamType> CHANGING = List.of(
            new StreamType("step 0.5->0.7 (2 sd) @1000", SyntheticStreams::step),
            new StreamType("bernoulli 0.2->0.8 @1000", SyntheticStreams::bernoulliSwitch),
            new StreamType("blocks 0.5/0.75 @500/1000/1500", SyntheticStreams::alternatingBlocks));

    private static final List<StreamType> STATIONARY = List.of(
            new StreamType("N(0.5, 0.1)", seed -> SyntheticStreams.stationaryGaussian(seed, STATIONARY_SAMPLES)),
            new StreamType("bernoulli(0.3)", seed -> SyntheticStreams.stationaryBernoulli(seed, STATIONARY_SAMPLES)));

    /** Where each timed detector's result goes, so that the JIT cannot discard the work that produced it. */
    private static volatile double blackhole;

    private DetectorBench() {
    }

    /** Measures every detector and prints one table of delays and one of false alarms and speed. */
    static void print(PrintStream out) {
        out.printf("%nChange detectors at their defaults, %d seeds per stream. Delay: samples from a change to its first%n"
                + "report, median [min-max]; missed: changes never reported; early: reports before the first change;%n"
                + "repeats: further reports of a change already reported (ADWIN sheds its old window over several checks).%n",
                SEEDS);
        out.printf("%-14s %-32s %18s %7s %6s %8s%n", "detector", "stream", "delay", "missed", "early", "repeats");
        for (Candidate detector : DETECTORS) {
            for (StreamType stream : CHANGING) {
                List<Integer> delays = new ArrayList<>();
                int missed = 0;
                int early = 0;
                int repeats = 0;
                for (long seed = 0; seed < SEEDS; seed++) {
                    DetectorTrial trial = DetectorTrial.run(detector.create().get(), stream.generate().apply(seed));
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
                out.printf(Locale.ROOT, "%-14s %-32s %18s %7d %6d %8d%n", detector.name(), stream.name(), spread(delays),
                        missed, early, repeats);
            }
        }
        out.printf("%n%-14s", "detector");
        STATIONARY.forEach(stream -> out.printf(" %32s", "false alarms/100k " + stream.name()));
        out.printf(" %14s%n", "updates/s");
        for (Candidate detector : DETECTORS) {
            out.printf("%-14s", detector.name());
            for (StreamType stream : STATIONARY) {
                int alarms = 0;
                for (long seed = 0; seed < SEEDS; seed++) {
                    alarms += DetectorTrial.run(detector.create().get(), stream.generate().apply(seed)).falseAlarms();
                }
                out.printf(Locale.ROOT, " %32s", String.format(Locale.ROOT, "%.2f (%d in %dk)", alarms / (double) SEEDS, alarms,
                        SEEDS * STATIONARY_SAMPLES / 1000));
            }
            out.printf(Locale.ROOT, " %,14.0f%n", updatesPerSecond(detector));
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

    private record StreamType(String name, LongFunction<LabelledStream> generate) {
    }
}
