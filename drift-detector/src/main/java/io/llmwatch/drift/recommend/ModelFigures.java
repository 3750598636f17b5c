package io.llmwatch.drift.recommend;

import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.ModelStats;
import java.util.Collection;

/**
 * What one model did on one task over the recent windows a decision is judged on: the per-window
 * {@link ModelStats} merged into one set of figures.
 *
 * @param pricedCalls  calls whose cost is known; {@code costSum} covers only them
 * @param qualityMean  mean composite quality over the {@code qualityN} calls that have one, or null
 * @param latencyP95Ms p95 latency over all windows, or null when none was measured
 */
public record ModelFigures(
        String model,
        long calls,
        long errors,
        long pricedCalls,
        double costSum,
        Double qualityMean,
        long qualityN,
        Double latencyP95Ms) {

    /**
     * Merges the windows of one model. Quality is weighted by each window's number of scored calls.
     * The p95 comes from the merged latency histograms when every window carries one; otherwise it
     * is the highest window p95, which errs on the side of calling a model slow.
     */
    public static ModelFigures merge(String model, Collection<ModelStats> windows) {
        long calls = 0;
        long errors = 0;
        long pricedCalls = 0;
        double costSum = 0;
        double qualitySum = 0;
        long qualityN = 0;
        LatencyHistogram histogram = new LatencyHistogram();
        boolean everyWindowHasHistogram = true;
        Double maxP95 = null;
        for (ModelStats stats : windows) {
            calls += stats.calls();
            errors += stats.errors();
            pricedCalls += stats.pricedCalls();
            costSum += stats.costSum();
            if (stats.qualityMean() != null && stats.qualityN() > 0) {
                qualitySum += stats.qualityMean() * stats.qualityN();
                qualityN += stats.qualityN();
            }
            if (stats.latency() != null && stats.latency().total() > 0) {
                histogram.merge(stats.latency());
            } else if (stats.calls() > 0) {
                everyWindowHasHistogram = false;
            }
            if (stats.latencyP95Ms() != null) {
                maxP95 = maxP95 == null ? stats.latencyP95Ms() : Math.max(maxP95, stats.latencyP95Ms());
            }
        }
        Double p95 = everyWindowHasHistogram && histogram.total() > 0 ? histogram.quantile(0.95) : maxP95;
        return new ModelFigures(model, calls, errors, pricedCalls, costSum,
                qualityN == 0 ? null : qualitySum / qualityN, qualityN, p95);
    }

    /** Mean cost of a priced call in USD, or null when no call was priced. */
    public Double costPerCall() {
        return pricedCalls == 0 ? null : costSum / pricedCalls;
    }

    public boolean priced() {
        return pricedCalls > 0;
    }

    public double errorRate() {
        return calls == 0 ? 0 : (double) errors / calls;
    }
}
