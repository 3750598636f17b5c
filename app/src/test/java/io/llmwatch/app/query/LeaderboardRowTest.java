package io.llmwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.DimensionStats;
import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.TimeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaderboardRowTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void windowsOfOneModelMergeWithWeightedMeansAndMergedLatencies() {
        // Given two windows of one model: 10 fast calls of quality 0.9, then 30 slow calls of quality 0.5
        ModelStats first = stats("gpt-4.1", 0, 10, 1, 10 * 0.01, 0.9, 10, 100);
        ModelStats second = stats("gpt-4.1", 1, 30, 3, 30 * 0.02, 0.5, 30, 1000);

        // When they are merged
        LeaderboardRow row = LeaderboardRow.of(List.of(first, second)).get(0);

        // Then means are weighted by their counts and quantiles come from the merged histogram
        assertThat(row.windows()).isEqualTo(2);
        assertThat(row.calls()).isEqualTo(40);
        assertThat(row.errorRate()).isEqualTo(0.1);
        assertThat(row.costMean()).isCloseTo((0.1 + 0.6) / 40, within(1e-12));
        assertThat(row.qualityMean()).isCloseTo((0.9 * 10 + 0.5 * 30) / 40, within(1e-12));
        assertThat(row.qualityN()).isEqualTo(40);
        assertThat(row.latencyP50Ms()).isCloseTo(1000, within(30.0));
        assertThat(row.latencyP95Ms()).isCloseTo(1000, within(30.0));
        assertThat(row.from()).isEqualTo(T0);
        assertThat(row.to()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void eachDimensionsMeanIsWeightedByItsN() {
        ModelStats first = withDimensions(stats("gpt-4.1", 0, 10, 0, 0.1, 0.9, 10, 100),
                Map.of("tone", new DimensionStats(0.9, 10), "stat_validity", new DimensionStats(0.4, 5)));
        ModelStats second = withDimensions(stats("gpt-4.1", 1, 30, 0, 0.3, 0.5, 30, 100),
                Map.of("tone", new DimensionStats(0.5, 30)));

        LeaderboardRow row = LeaderboardRow.of(List.of(first, second)).get(0);

        assertThat(row.dimensions().get("tone").mean()).isCloseTo((0.9 * 10 + 0.5 * 30) / 40, within(1e-12));
        assertThat(row.dimensions().get("tone").n()).isEqualTo(40);
        assertThat(row.dimensions().get("stat_validity")).isEqualTo(new DimensionStats(0.4, 5));
    }

    private static ModelStats withDimensions(ModelStats s, Map<String, DimensionStats> dimensions) {
        return new ModelStats(s.schema(), s.app(), s.taskType(), s.model(), s.window(), s.calls(), s.errors(),
                s.pricedCalls(), s.unpricedCalls(), s.costSum(), s.costMean(), s.inputTokens(), s.outputTokens(),
                s.latencyP50Ms(), s.latencyP95Ms(), s.qualityMean(), s.qualityN(), s.latency(), s.open(), dimensions);
    }

    @Test
    void rowsAreOrderedByTaskThenBestQualityFirst() {
        List<LeaderboardRow> rows = LeaderboardRow.of(List.of(
                stats("gpt-4.1-nano", 0, 5, 0, 0.001, 0.6, 5, 100),
                stats("gpt-4.1", 0, 5, 0, 0.05, 0.9, 5, 100),
                stats("gpt-4.1-mini", 0, 5, 0, 0.01, 0.8, 5, 100)));

        assertThat(rows).extracting(LeaderboardRow::model).containsExactly("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano");
    }

    @Test
    void aModelWithoutPricedCallsHasNoCostMeanRatherThanZero() {
        ModelStats unpriced = new ModelStats(null, "support", "summarize-ticket", "in-house-llm",
                new TimeWindow(T0, T0.plusSeconds(60)), 4, 0, 0, 4, 0, null, 100, 10, null, null, null, 0, null);

        LeaderboardRow row = LeaderboardRow.of(List.of(unpriced)).get(0);

        assertThat(row.costMean()).isNull();
        assertThat(row.unpricedCalls()).isEqualTo(4);
    }

    /**
     * Coverage of {@code quality ± qualityCiHalfWidth}, by seeded simulation through {@link LeaderboardRow}:
     * 2,000 models, each 4 windows of 10 scored calls drawn from a discrete score distribution with a known
     * mean (zeros for failed answers included). The interval must miss the true mean in at most 5 % of
     * models, shown by the one-sided 95 % Clopper–Pearson upper bound on the miss rate (Clopper &amp;
     * Pearson, Biometrika 26(4), 1934).
     */
    @Test
    void theQualityIntervalCoversTheTrueMeanAtLeast95PercentOfTheTime() {
        double[] scores = {0, 0.5, 0.8, 1};
        double[][] shapes = {{0.05, 0.15, 0.5, 0.3}, {0.1, 0.3, 0.4, 0.2}, {0.02, 0.08, 0.3, 0.6}, {0.2, 0.4, 0.3, 0.1}};
        java.util.Random random = new java.util.Random(20261207);
        int streams = 2000;
        int misses = 0;
        for (int stream = 0; stream < streams; stream++) {
            double[] p = shapes[stream % shapes.length];
            double truth = 0;
            for (int i = 0; i < scores.length; i++) {
                truth += p[i] * scores[i];
            }
            List<ModelStats> windows = new java.util.ArrayList<>();
            for (int w = 0; w < 4; w++) {
                double sum = 0;
                for (int call = 0; call < 10; call++) {
                    double u = random.nextDouble();
                    int i = 0;
                    while (i < scores.length - 1 && (u -= p[i]) >= 0) {
                        i++;
                    }
                    sum += scores[i];
                }
                windows.add(stats("m", w, 10, 0, 0.1, sum / 10, 10, 100));
            }
            LeaderboardRow row = LeaderboardRow.of(windows).get(0);
            if (Math.abs(row.qualityMean() - truth) > row.qualityCiHalfWidth()) {
                misses++;
            }
        }
        assertThat(clopperPearsonUpper(misses, streams, 0.05)).as("%d misses in %d", misses, streams).isLessThan(0.05);
    }

    /** The one-sided upper confidence bound on a binomial proportion: p with P(Bin(n, p) <= k) = alpha. */
    private static double clopperPearsonUpper(int k, int n, double alpha) {
        double lo = (double) k / n;
        double hi = 1;
        for (int step = 0; step < 60; step++) {
            double mid = (lo + hi) / 2;
            if (binomialCdf(k, n, mid) > alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static double binomialCdf(int k, int n, double p) {
        double sum = 0;
        double logTerm = n * Math.log1p(-p); // i = 0
        for (int i = 0; i <= k; i++) {
            sum += Math.exp(logTerm);
            logTerm += Math.log((double) (n - i) / (i + 1)) + Math.log(p) - Math.log1p(-p);
        }
        return sum;
    }

    private static ModelStats stats(String model, int window, long calls, long errors, double costSum, double quality,
                                    long qualityN, double latencyMs) {
        LatencyHistogram latency = new LatencyHistogram();
        for (int i = 0; i < calls; i++) {
            latency.add(latencyMs);
        }
        Instant start = T0.plusSeconds(60L * window);
        return new ModelStats(null, "support", "summarize-ticket", model, new TimeWindow(start, start.plusSeconds(60)),
                calls, errors, calls, 0, costSum, costSum / calls, calls * 1000, calls * 100, latency.quantile(0.5),
                latency.quantile(0.95), quality, qualityN, latency);
    }
}
