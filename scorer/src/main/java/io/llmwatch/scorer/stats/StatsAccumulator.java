package io.llmwatch.scorer.stats;

import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.TimeWindow;

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
                qualityMean, Math.max(0, qualityN), latency.copy(), open);
    }
}
