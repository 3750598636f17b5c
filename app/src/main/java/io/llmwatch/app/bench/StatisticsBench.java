package io.llmwatch.app.bench;

import io.llmwatch.event.Interval;
import io.llmwatch.stats.Bootstrap;
import io.llmwatch.stats.ConfidenceSequence;
import io.llmwatch.stats.PairedDeltas;
import io.llmwatch.stats.PairedDeltasSerde;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serde;

/**
 * The paired-statistics figures of {@code llmwatch bench}, on one thread: the bootstrap percentile
 * interval over 10,000 deltas with 2,000 resamples (goal at most 50 ms), confidence-sequence
 * updates per second, full {@link PairedDeltas#add} updates per second, and state-store round trips
 * of a full reservoir per second. Each figure is the median of several timed runs after warm-up
 * runs that let the JIT compile the code first.
 */
final class StatisticsBench {

    static final int DELTAS = 10_000;
    static final double BOOTSTRAP_GOAL_MILLIS = 50;
    private static final int WARM_UP_RUNS = 5;
    private static final int TIMED_RUNS = 11;
    private static final int UPDATES_PER_RUN = 5_000_000;
    private static final int ROUND_TRIPS_PER_RUN = 20_000;

    private StatisticsBench() {
    }

    static void run(PrintStream out) {
        double[] deltas = deltas(DELTAS, 17);
        Bootstrap bootstrap = new Bootstrap();
        // every run leaves its result here, so that the JIT cannot discard the work being timed
        Interval[] interval = new Interval[1];
        double bootstrapNanos = medianNanos(() -> {
            long begin = System.nanoTime();
            interval[0] = bootstrap.percentileInterval(deltas);
            return System.nanoTime() - begin;
        });
        double bootstrapMillis = bootstrapNanos / 1e6;
        Interval ci = interval[0];

        double[] stream = deltas(1 << 16, 18);
        int mask = stream.length - 1;
        double csNanos = medianNanos(() -> {
            ConfidenceSequence cs = new ConfidenceSequence();
            long begin = System.nanoTime();
            for (int i = 0; i < UPDATES_PER_RUN; i++) {
                cs.update(stream[i & mask]);
            }
            long elapsed = System.nanoTime() - begin;
            interval[0] = cs.interval();
            return elapsed;
        });
        double addNanos = medianNanos(() -> {
            PairedDeltas paired = new PairedDeltas();
            long begin = System.nanoTime();
            for (int i = 0; i < UPDATES_PER_RUN; i++) {
                paired.add(stream[i & mask]);
            }
            long elapsed = System.nanoTime() - begin;
            interval[0] = paired.anytimeInterval();
            return elapsed;
        });
        Serde<PairedDeltas> serde = new PairedDeltasSerde();
        PairedDeltas full = new PairedDeltas();
        Arrays.stream(deltas).forEach(full::add);
        int stateBytes = serde.serializer().serialize("bench", full).length;
        double roundTripNanos = medianNanos(() -> {
            PairedDeltas state = full;
            long begin = System.nanoTime();
            for (int i = 0; i < ROUND_TRIPS_PER_RUN; i++) {
                state = serde.deserializer().deserialize("bench", serde.serializer().serialize("bench", state));
            }
            long elapsed = System.nanoTime() - begin;
            interval[0] = state.anytimeInterval();
            return elapsed;
        });

        out.println();
        out.println("paired statistics (one thread, median of " + TIMED_RUNS + " runs after " + WARM_UP_RUNS + " warm-up runs):");
        out.printf(Locale.ROOT, "  bootstrap CI, %,d deltas x %,d resamples: %.1f ms   (goal <= %.0f ms: %s)%n",
                DELTAS, Bootstrap.DEFAULT_RESAMPLES, bootstrapMillis, BOOTSTRAP_GOAL_MILLIS,
                bootstrapMillis <= BOOTSTRAP_GOAL_MILLIS ? "met" : "missed");
        out.printf(Locale.ROOT, "  (their mean delta %.4f, 95 %% bootstrap CI [%.4f, %.4f])%n",
                Arrays.stream(deltas).average().orElseThrow(), ci.lower(), ci.upper());
        out.printf(Locale.ROOT, "  confidence-sequence updates: %,.0f /s%n", UPDATES_PER_RUN / (csNanos / 1e9));
        out.printf(Locale.ROOT, "  paired-delta updates (moments + sequence + reservoir): %,.0f /s%n", UPDATES_PER_RUN / (addNanos / 1e9));
        out.printf(Locale.ROOT, "  state-store round trips of a full reservoir (%,d bytes): %,.0f /s%n",
                stateBytes, ROUND_TRIPS_PER_RUN / (roundTripNanos / 1e9));
    }

    /** A mix of a three-outcome judge and a continuous one, as comparisons see. */
    private static double[] deltas(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] deltas = new double[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            deltas[i] = i % 2 == 0 ? (u < 0.2 ? 1 : u < 0.45 ? -1 : 0) : 2 * u * u - 1;
        }
        return deltas;
    }

    private static double medianNanos(LongSupplier run) {
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            run.getAsLong();
        }
        long[] nanos = new long[TIMED_RUNS];
        for (int i = 0; i < TIMED_RUNS; i++) {
            nanos[i] = run.getAsLong();
        }
        Arrays.sort(nanos);
        return nanos[TIMED_RUNS / 2];
    }
}
