package io.llmwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmwatch.event.Interval;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    @Test
    void isDeterministicForASeedAndBracketsTheSampleMean() {
        double[] deltas = sample(new SplittableRandom(1), 500, 0.1, 0.3);
        Interval a = new Bootstrap().percentileInterval(deltas);
        Interval b = new Bootstrap().percentileInterval(deltas);
        Interval other = new Bootstrap(2_000, 0.95, 99).percentileInterval(deltas);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(other);
        double mean = Arrays.stream(deltas).average().orElseThrow();
        assertThat(a.contains(mean)).isTrue();
        assertThat(a.level()).isEqualTo(0.95);
        // about 2 x 1.96 x 0.3 / sqrt(500) = 0.053 wide
        assertThat(a.width()).isBetween(0.04, 0.065);
    }

    /** At a fixed n, chosen in advance, the percentile interval does cover about 95 % of the time. */
    @Test
    void coversAboutNinetyFivePercentAtAFixedN() {
        SplittableRandom random = new SplittableRandom(2);
        Bootstrap bootstrap = new Bootstrap(1_000, 0.95, 3);
        int trials = 400;
        int covered = 0;
        for (int trial = 0; trial < trials; trial++) {
            double[] deltas = new double[200];
            for (int i = 0; i < deltas.length; i++) {
                deltas[i] = DeltaDistributions.threePoint(random, 0.2, 0.25);
            }
            covered += bootstrap.percentileInterval(deltas).contains(-0.05) ? 1 : 0;
        }
        assertThat(covered / (double) trials).isBetween(0.91, 0.98);
    }

    @Test
    void handlesTinyAndConstantSamples() {
        assertThat(new Bootstrap().percentileInterval(new double[] {0.25})).isEqualTo(new Interval(0.25, 0.25, 0.95));
        assertThat(new Bootstrap().percentileInterval(new double[] {1, 1, 1})).isEqualTo(new Interval(1, 1, 0.95));
        Interval two = new Bootstrap().percentileInterval(new double[] {-1, 1});
        assertThat(two.lower()).isEqualTo(-1);
        assertThat(two.upper()).isEqualTo(1);
        assertThat(new Bootstrap(1, 0.95, 1).percentileInterval(new double[] {0.5, 0.5})).isEqualTo(new Interval(0.5, 0.5, 0.95));
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new Bootstrap().percentileInterval(new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Bootstrap(0, 0.95, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Bootstrap(100, 1.0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double[] sample(SplittableRandom random, int n, double mean, double sd) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = DeltaDistributions.clippedNormal(random, mean, sd);
        }
        return values;
    }
}
