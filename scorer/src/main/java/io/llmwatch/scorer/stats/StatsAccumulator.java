package io.llmwatch.scorer.stats;

import io.llmwatch.event.DimensionStats;
import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.TimeWindow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running statistics of one model in one window, folded from {@link StatsContribution}s.
 * Mutable: Kafka Streams hands the aggregator a freshly deserialised copy on every update.
 */
public final class StatsAccumulator {

    long calls;
    long errors;
    long priced;
    long unpriced;
    double costSum;
    long inputTokens;
    long outputTokens;
    double qualitySum;
    long qualityN;
    LatencyHistogram latency = new LatencyHistogram();
    /** Sum and count per dimension, at most {@link DimensionStats#MAX_DIMENSIONS} (the first seen). */
    Map<String, DimensionSum> dimensions = new LinkedHashMap<>();

    /** A dimension's running sum of scores and number of calls scored on it. */
    static final class DimensionSum {
        double sum;
        long n;

        DimensionSum(double sum, long n) {
            this.sum = sum;
            this.n = n;
        }
    }

    public StatsAccumulator add(StatsContribution c) {
        calls += c.calls();
        errors += c.errors();
        priced += c.priced();
        unpriced += c.unpriced();
        costSum += c.cost();
        inputTokens += c.inputTokens();
        outputTokens += c.outputTokens();
        qualitySum += c.qualitySum();
        qualityN += c.qualityN();
        if (c.latencyMs() != null) {
            latency.add(c.latencyMs());
        }
        c.dimensions().forEach((name, delta) -> {
            DimensionSum sum = dimensions.get(name);
            if (sum == null) {
                if (dimensions.size() >= DimensionStats.MAX_DIMENSIONS) {
                    return;
                }
                sum = new DimensionSum(0, 0);
                dimensions.put(name, sum);
            }
            sum.sum += delta.sum();
            sum.n += delta.n();
        });
        return this;
    }

    /**
     * The window's statistics. The cost mean covers priced calls only (an unknown cost is not zero);
     * the quality mean covers calls with a quality.
     *
     * @param open whether the window has not closed yet
     */
    public ModelStats toModelStats(ModelKey key, TimeWindow window, boolean open) {
        Double costMean = priced == 0 ? null : costSum / priced;
        // Quality changes are added as differences: clamp the float residue they may leave.
        Double qualityMean = qualityN <= 0 ? null : Math.min(1, Math.max(0, qualitySum / qualityN));
        return new ModelStats(ModelStats.SCHEMA, key.app(), key.taskType(), key.model(), window, calls, errors, priced,
                unpriced, costSum, costMean, inputTokens, outputTokens, latency.quantile(0.50), latency.quantile(0.95),
                qualityMean, Math.max(0, qualityN), latency.copy(), open, dimensionStats());
    }

    private Map<String, DimensionStats> dimensionStats() {
        Map<String, DimensionStats> stats = new LinkedHashMap<>();
        dimensions.forEach((name, sum) -> {
            if (sum.n > 0) {
                stats.put(name, new DimensionStats(Math.min(1, Math.max(0, sum.sum / sum.n)), sum.n));
            }
        });
        return stats;
    }
}
