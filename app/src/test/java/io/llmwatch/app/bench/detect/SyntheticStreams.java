package io.llmwatch.app.bench.detect;

import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic streams for judging change detectors, modelled on the streams of River's
 * detector tests ({@code river/drift/test_drift_detectors.py}), on the [0, 1] scale of quality
 * scores and error indicators. The same seed gives the same stream.
 */
public final class SyntheticStreams {

    /** Where the single change of {@link #step} and {@link #bernoulliSwitch} happens. */
    public static final int CHANGE_AT = 1_000;
    /** The length of each block of {@link #alternatingBlocks}. */
    public static final int BLOCK = 500;

    private static final double SIGMA = 0.1;

    private SyntheticStreams() {
    }

    /** 2,000 samples of N(0.5, 0.1), the mean stepping up to 0.7 (2σ) at 1,000; clipped to [0, 1]. */
    public static LabelledStream step(long seed) {
        Random random = new Random(seed);
        double[] values = new double[2 * CHANGE_AT];
        for (int i = 0; i < values.length; i++) {
            values[i] = gaussian(random, i < CHANGE_AT ? 0.5 : 0.7);
        }
        return new LabelledStream("step 0.5->0.7 (sd 0.1) @1000", values, List.of(CHANGE_AT));
    }

    /** 2,000 indicators (0 or 1), Bernoulli(0.2) switching to Bernoulli(0.8) at 1,000. */
    public static LabelledStream bernoulliSwitch(long seed) {
        Random random = new Random(seed);
        double[] values = new double[2 * CHANGE_AT];
        for (int i = 0; i < values.length; i++) {
            values[i] = bernoulli(random, i < CHANGE_AT ? 0.2 : 0.8);
        }
        return new LabelledStream("bernoulli 0.2->0.8 @1000", values, List.of(CHANGE_AT));
    }

    /**
     * Four blocks of 500 samples alternating between N(0.5, 0.1) and N(0.75, 0.1) (2.5σ apart, as
     * River's blocks of N(0, 0.1) and N(0.25, 0.1)), clipped to [0, 1]: changes up at 500 and
     * 1,500, down at 1,000.
     */
    public static LabelledStream alternatingBlocks(long seed) {
        Random random = new Random(seed);
        double[] values = new double[4 * BLOCK];
        for (int i = 0; i < values.length; i++) {
            values[i] = gaussian(random, (i / BLOCK) % 2 == 0 ? 0.5 : 0.75);
        }
        return new LabelledStream("blocks 0.5/0.75 @500/1000/1500", values,
                List.of(BLOCK, 2 * BLOCK, 3 * BLOCK));
    }

    /** {@code n} samples of N(0.5, 0.1) clipped to [0, 1], without a change. */
    public static LabelledStream stationaryGaussian(long seed, int n) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = gaussian(random, 0.5);
        }
        return new LabelledStream("N(0.5, 0.1) clipped to [0, 1]", values, List.of());
    }

    /** {@code n} indicators of Bernoulli(0.3), without a change. */
    public static LabelledStream stationaryBernoulli(long seed, int n) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = bernoulli(random, 0.3);
        }
        return new LabelledStream("bernoulli(0.3)", values, List.of());
    }

    private static double gaussian(Random random, double mean) {
        return Math.min(1, Math.max(0, mean + SIGMA * random.nextGaussian()));
    }

    private static double bernoulli(Random random, double p) {
        return random.nextDouble() < p ? 1 : 0;
    }
}
