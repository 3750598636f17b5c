package io.llmwatch.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.llmwatch.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static final int N = 20_000;
    private static final double MEAN_MS = 400;

    /** Latencies from an exponential distribution at evenly spaced probabilities: exact quantiles are known. */
    private static LatencyHistogram exponential(int from, int to) {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = from; i < to; i++) {
            histogram.add(exactQuantile((i + 0.5) / N));
        }
        return histogram;
    }

    private static double exactQuantile(double q) {
        return -Math.log(1 - q) * MEAN_MS;
    }

    @Test
    void quantilesAreWithinThreePercentOfAKnownDistribution() {
        LatencyHistogram histogram = exponential(0, N);

        for (double q : new double[] {0.1, 0.5, 0.9, 0.95, 0.99}) {
            assertThat(histogram.quantile(q)).as("p%s", q * 100).isCloseTo(exactQuantile(q), withinPercentage(3));
        }
        assertThat(histogram.total()).isEqualTo(N);
    }

    @Test
    void uniformMillisecondsKeepTheirQuantiles() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 10_000; ms++) {
            histogram.add(ms);
        }

        assertThat(histogram.quantile(0.5)).isCloseTo(5_000, withinPercentage(3));
        assertThat(histogram.quantile(0.95)).isCloseTo(9_500, withinPercentage(3));
        assertThat(histogram.quantile(0.0)).isCloseTo(1, withinPercentage(3));
        assertThat(histogram.quantile(1.0)).isCloseTo(10_000, withinPercentage(3));
    }

    @Test
    void countsAndQuantilesSurviveAJsonRoundTrip() throws Exception {
        LatencyHistogram histogram = exponential(0, N).add(0).add(0.4);

        String json = Json.mapper().writeValueAsString(histogram);
        LatencyHistogram back = Json.mapper().readValue(json, LatencyHistogram.class);

        assertThat(back.counts()).isEqualTo(histogram.counts());
        assertThat(back.total()).isEqualTo(N + 2);
        assertThat(back.quantile(0.95)).isEqualTo(histogram.quantile(0.95));
        assertThat(back.quantile(0.00001)).isEqualTo(0.5);
        assertThat(Json.mapper().readTree(json).fieldNames()).toIterable().containsExactly("counts");
    }

    /** Bucket numbers travel on llmwatch.model-stats: this pins the documented rule, not the code. */
    @Test
    void bucketNumbersFollowTheDocumentedWireContract() {
        LatencyHistogram histogram = new LatencyHistogram().add(0).add(0.99).add(1).add(1.05).add(1.06).add(100).add(3_600_000);

        assertThat(LatencyHistogram.GAMMA).isEqualTo(1.05);
        // bucket i holds (1.05^(i-1), 1.05^i] ms: ln(100)/ln(1.05) = 94.39, ln(3,600,000)/ln(1.05) = 309.42
        assertThat(histogram.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                LatencyHistogram.SUB_MILLISECOND, 2L, 0, 1L, 1, 1L, 2, 1L, 95, 1L, 310, 1L));
    }

    @Test
    void mergedHalvesEqualTheWhole() {
        LatencyHistogram whole = exponential(0, N);
        LatencyHistogram merged = exponential(0, N / 2).merge(exponential(N / 2, N));

        assertThat(merged.counts()).isEqualTo(whole.counts());
        assertThat(merged.total()).isEqualTo(whole.total());
        assertThat(merged.quantile(0.99)).isEqualTo(whole.quantile(0.99));
    }

    @Test
    void emptyHistogramHasNoQuantile() {
        assertThat(new LatencyHistogram().quantile(0.5)).isNull();
        assertThat(new LatencyHistogram(null).total()).isZero();
    }

    @Test
    void copyIsIndependent() {
        LatencyHistogram original = new LatencyHistogram().add(10);
        LatencyHistogram copy = original.copy().add(20);

        assertThat(original.total()).isEqualTo(1);
        assertThat(copy.total()).isEqualTo(2);
    }

    /**
     * The arrays behind the histogram hold exactly what a map of bucket to count holds, by the
     * documented bucket rule, over seeded hostile latencies (0, below 1 ms, NaN, infinities,
     * negatives, Double.MAX_VALUE), merges in both orders, copies, the JSON form and zero counts.
     */
    @Test
    void holdsWhatAMapByTheDocumentedRuleHolds() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        double[] hostile = {0, 0.5, -3, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
                Double.MIN_VALUE, 1, 1.05, 3_600_000};
        for (int round = 0; round < 200; round++) {
            LatencyHistogram a = new LatencyHistogram();
            LatencyHistogram b = new LatencyHistogram();
            java.util.TreeMap<Integer, Long> expected = new java.util.TreeMap<>();
            int n = random.nextInt(400);
            for (int i = 0; i < n; i++) {
                double ms = random.nextInt(10) == 0 ? hostile[random.nextInt(hostile.length)]
                        : Math.exp(random.nextDouble() * 15);
                (random.nextBoolean() ? a : b).add(ms);
                int bucket = ms < 1 ? LatencyHistogram.SUB_MILLISECOND
                        : (int) Math.ceil(Math.log(ms) / Math.log(LatencyHistogram.GAMMA));
                expected.merge(bucket, 1L, Long::sum);
            }
            LatencyHistogram ab = a.copy().merge(b);
            LatencyHistogram ba = b.copy().merge(a);
            assertThat(ab.counts()).isEqualTo(expected);
            assertThat(ba.counts()).isEqualTo(expected);
            assertThat(ab.total()).isEqualTo(n);
            assertThat(ab.bucketCount()).isEqualTo(expected.size());
            LatencyHistogram back = Json.mapper().readValue(Json.mapper().writeValueAsString(ab), LatencyHistogram.class);
            assertThat(back.counts()).isEqualTo(expected);
            for (double q : new double[] {0, 0.5, 0.95, 1}) {
                assertThat(back.quantile(q)).isEqualTo(ab.quantile(q));
            }
        }
        // a map in descending order, far more buckets than a real window holds, merged with itself
        java.util.LinkedHashMap<Integer, Long> descending = new java.util.LinkedHashMap<>();
        for (int bucket = 50_000; bucket > -50_000; bucket--) {
            descending.put(bucket, 1L);
        }
        LatencyHistogram wide = new LatencyHistogram(descending);
        assertThat(wide.merge(wide.copy()).counts()).hasSize(100_000).containsEntry(-49_999, 2L).containsEntry(50_000, 2L);
        assertThat(wide.total()).isEqualTo(200_000);
        LatencyHistogram zero = new LatencyHistogram(Map.of(5, 0L, 3, 2L));
        assertThat(zero.counts()).containsExactly(Map.entry(3, 2L), Map.entry(5, 0L));
        assertThat(zero.total()).isEqualTo(2);
    }
}
