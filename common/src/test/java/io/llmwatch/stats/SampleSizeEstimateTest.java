package io.llmwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.Verdict;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleSizeEstimateTest {

    private static final double M = 0.02;

    @Test
    void moreVarianceNeedsMorePairs() {
        long previous = 0;
        for (double sd : new double[] {0.05, 0.1, 0.2, 0.4, 0.8}) {
            PairedDeltas deltas = twoPointDeltas(0.01, sd, 200);
            SampleSizeEstimate estimate = SampleSizeEstimate.of(deltas, M, 0.002);
            assertThat(estimate.morePairs()).as("sd %s", sd).isGreaterThan(previous);
            assertThat(estimate.cost()).isEqualTo(estimate.morePairs() * 0.002);
            previous = estimate.morePairs();
        }
    }

    @Test
    void aMeanCloserToTheBoundaryNeedsMorePairsAndOneOnItNeverDecides() {
        long far = SampleSizeEstimate.of(twoPointDeltas(0.03, 0.3, 200), M, null).morePairs();
        long near = SampleSizeEstimate.of(twoPointDeltas(0.0, 0.3, 200), M, null).morePairs();
        long belowNear = SampleSizeEstimate.of(twoPointDeltas(-0.035, 0.3, 200), M, null).morePairs();
        assertThat(near).isGreaterThan(far);
        assertThat(belowNear).isGreaterThan(far);
        SampleSizeEstimate onBoundary = SampleSizeEstimate.of(twoPointDeltas(-M, 0.3, 200), M, 0.01);
        assertThat(onBoundary.morePairs()).isNull();
        assertThat(onBoundary.cost()).isNull();
        SampleSizeEstimate hairBreadth = SampleSizeEstimate.of(twoPointDeltas(-M + 1e-5, 0.3, 200), M, 0.01);
        assertThat(hairBreadth.morePairs()).isNull();
    }

    @Test
    void aDecidedComparisonNeedsNothingMore() {
        assertThat(SampleSizeEstimate.of(twoPointDeltas(-0.3, 0.2, 2_000), M, 0.01)).isEqualTo(SampleSizeEstimate.DECIDED);
    }

    /**
     * The estimate, made at n = 300, against when 40 simulated comparisons (true mean +0.02, sd
     * about 0.3) actually got their verdict: the median of the actual further pairs is within a factor of
     * two of the median estimate.
     */
    @Test
    void predictsRoughlyWhenTheComparisonIsDecided() {
        int streams = 40;
        long[] predicted = new long[streams];
        long[] actual = new long[streams];
        for (int s = 0; s < streams; s++) {
            SplittableRandom random = new SplittableRandom(500 + s);
            PairedDeltas deltas = new PairedDeltas();
            for (int i = 0; i < 300; i++) {
                deltas.add(DeltaDistributions.clippedNormal(random, 0.02, 0.3));
            }
            predicted[s] = SampleSizeEstimate.of(deltas, M, null).morePairs();
            while (Verdict.of(deltas.anytimeInterval(), M) == Verdict.INCONCLUSIVE) {
                deltas.add(DeltaDistributions.clippedNormal(random, 0.02, 0.3));
            }
            actual[s] = deltas.n() - 300;
        }
        Arrays.sort(predicted);
        Arrays.sort(actual);
        long medianPredicted = predicted[streams / 2];
        long medianActual = actual[streams / 2];
        System.out.printf(Locale.ROOT, "more pairs at n = 300 (true delta +0.02, sd 0.3, m = 0.02): median estimate %d, "
                + "median actual %d%n", medianPredicted, medianActual);
        assertThat((double) medianActual).isBetween(medianPredicted / 2.0, medianPredicted * 2.0);
    }

    /** n deltas alternating {@code mean ± sd}: exactly that mean and (population) standard deviation. */
    private static PairedDeltas twoPointDeltas(double mean, double sd, int n) {
        PairedDeltas deltas = new PairedDeltas();
        for (int i = 0; i < n; i++) {
            deltas.add(i % 2 == 0 ? mean + sd : mean - sd);
        }
        return deltas;
    }
}
