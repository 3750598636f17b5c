package io.llmwatch.scorer.stats;

import io.llmwatch.event.DimensionStats;
import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.TimeWindow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running statistics of one model in one window: a <i>partial</i> aggregate of the contributions
 * of one scoring task between two forwards ({@link #add}, {@link StatsCombiner}), or a window's totals,
 * folded from partials ({@link #merge}, {@link LiveStatsProcessor}). Mutable.
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
    /** Sum and count per dimension in the order first seen; a window's at most {@link DimensionStats#MAX_DIMENSIONS}. */
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

    /**
     * Folds one contribution into this <i>partial</i> aggregate ({@link StatsCombiner}), keeping every
     * dimension it names: which dimensions a window keeps is decided once, by {@link #merge}.
     */
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
        c.dimensions().forEach((name, delta) -> addDimension(name, delta.sum(), delta.n(), Integer.MAX_VALUE));
        return this;
    }

    /**
     * Folds a partial aggregate into this window's statistics. A window keeps at most {@link
     * DimensionStats#MAX_DIMENSIONS} dimensions, the first seen: the partial's in the order it saw
     * them, so a window folded from partials keeps what it kept when it was folded call by call.
     */
    public StatsAccumulator merge(StatsAccumulator partial) {
        calls += partial.calls;
        errors += partial.errors;
        priced += partial.priced;
        unpriced += partial.unpriced;
        costSum += partial.costSum;
        inputTokens += partial.inputTokens;
        outputTokens += partial.outputTokens;
        qualitySum += partial.qualitySum;
        qualityN += partial.qualityN;
        latency.merge(partial.latency);
        partial.dimensions.forEach((name, sum) -> addDimension(name, sum.sum, sum.n, DimensionStats.MAX_DIMENSIONS));
        return this;
    }

    /** How many dimensions this aggregate would have after {@link #add}ing {@code c}. */
    int dimensionsWith(StatsContribution c) {
        int size = dimensions.size();
        for (String name : c.dimensions().keySet()) {
            if (!dimensions.containsKey(name)) {
                size++;
            }
        }
        return size;
    }

    private void addDimension(String name, double sum, long n, int limit) {
        DimensionSum total = dimensions.get(name);
        if (total == null) {
            if (dimensions.size() >= limit) {
                return;
            }
            total = new DimensionSum(0, 0);
            dimensions.put(name, total);
        }
        total.sum += sum;
        total.n += n;
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
