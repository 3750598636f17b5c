package io.llmwatch.app.query;

import io.llmwatch.event.DimensionStats;
import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.ModelStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model's standing on one task, merged over a run of stats windows: means are weighted by the
 * counts behind them and latency quantiles come from the merged histograms, not from averaging
 * per-window quantiles.
 *
 * <p>{@code qualityCiHalfWidth} is a conservative 95 % normal half-width for {@code qualityMean}. The
 * stats carry no quality variance, but a quality in [0, 1] with mean μ has variance at most
 * μ(1 − μ) (Bhatia &amp; Davis, "A better bound on the variance", Amer. Math. Monthly 107(4), 2000),
 * so 1.96·√(μ(1 − μ)/n) is never narrower than the interval the true variance would give.
 *
 * <p>{@code dimensions} gives each quality dimension's mean and n (docs/dimensions.md), merged like
 * the composite, at most {@link DimensionStats#MAX_DIMENSIONS}.
 */
public record LeaderboardRow(
        String app,
        String taskType,
        String model,
        int windows,
        Instant from,
        Instant to,
        long calls,
        long errors,
        double errorRate,
        long pricedCalls,
        long unpricedCalls,
        Double costMean,
        double costSum,
        Double qualityMean,
        long qualityN,
        Double qualityCiHalfWidth,
        Double latencyP50Ms,
        Double latencyP95Ms,
        Double inputTokensMean,
        Double outputTokensMean,
        Map<String, DimensionStats> dimensions) {

    /** Rows per app/task/model, sorted by app, task, then quality (best first). */
    public static List<LeaderboardRow> of(Collection<ModelStats> stats) {
        Map<String, Merge> merged = new LinkedHashMap<>();
        for (ModelStats s : stats) {
            merged.computeIfAbsent(s.key().toString(), k -> new Merge(s)).add(s);
        }
        return merged.values().stream().map(Merge::row)
                .sorted(Comparator.comparing(LeaderboardRow::app).thenComparing(LeaderboardRow::taskType)
                        .thenComparing(r -> r.qualityMean() == null ? Double.MAX_VALUE : -r.qualityMean()))
                .toList();
    }

    private static final double Z_95 = 1.959964;

    private static final class Merge {
        private final ModelStats first;
        private final LatencyHistogram latency = new LatencyHistogram();
        private int windows;
        private Instant from;
        private Instant to;
        private long calls;
        private long errors;
        private long priced;
        private long unpriced;
        private double costSum;
        private double qualitySum;
        private long qualityN;
        private long inputTokens;
        private long outputTokens;
        private final List<Map<String, DimensionStats>> dimensions = new ArrayList<>();

        Merge(ModelStats first) {
            this.first = first;
        }

        void add(ModelStats s) {
            windows++;
            from = from == null || s.window().start().isBefore(from) ? s.window().start() : from;
            to = to == null || s.window().end().isAfter(to) ? s.window().end() : to;
            calls += s.calls();
            errors += s.errors();
            priced += s.pricedCalls();
            unpriced += s.unpricedCalls();
            costSum += s.costSum();
            if (s.qualityMean() != null) {
                qualitySum += s.qualityMean() * s.qualityN();
                qualityN += s.qualityN();
            }
            inputTokens += s.inputTokens();
            outputTokens += s.outputTokens();
            dimensions.add(s.dimensions());
            if (s.latency() != null) {
                latency.merge(s.latency());
            }
        }

        Double ciHalfWidth() {
            if (qualityN == 0) {
                return null;
            }
            double mean = Math.min(1, Math.max(0, qualitySum / qualityN));
            return Z_95 * Math.sqrt(mean * (1 - mean) / qualityN);
        }

        LeaderboardRow row() {
            return new LeaderboardRow(first.app(), first.taskType(), first.model(), windows, from, to, calls, errors,
                    calls == 0 ? 0 : (double) errors / calls, priced, unpriced,
                    priced == 0 ? null : costSum / priced, costSum,
                    qualityN == 0 ? null : qualitySum / qualityN, qualityN, ciHalfWidth(),
                    latency.quantile(0.50), latency.quantile(0.95),
                    calls == 0 ? null : (double) inputTokens / calls,
                    calls == 0 ? null : (double) outputTokens / calls, DimensionStats.merge(dimensions));
        }
    }
}
