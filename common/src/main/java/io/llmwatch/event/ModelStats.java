package io.llmwatch.event;

/**
 * Statistics of one model on one task of one app over one tumbling event-time window (schema
 * {@value #SCHEMA}); keyed {@code app/task/model}.
 *
 * @param calls         distinct calls (a duplicate {@code call_id} counts once)
 * @param errors        failed calls
 * @param pricedCalls   calls whose cost is known; {@code costSum} and {@code costMean} cover only them
 * @param unpricedCalls calls whose cost is unknown (unknown model or usage), never counted as free
 * @param costMean      mean cost per priced call, or null when none was priced
 * @param qualityMean   mean composite quality over the {@code qualityN} calls that have one
 * @param latency       the mergeable histogram behind the quantiles; its bucket numbers follow
 *                      {@link LatencyHistogram#GAMMA} (docs/architecture.md §3)
 */
public record ModelStats(
        String schema,
        String app,
        String taskType,
        String model,
        TimeWindow window,
        long calls,
        long errors,
        long pricedCalls,
        long unpricedCalls,
        double costSum,
        Double costMean,
        long inputTokens,
        long outputTokens,
        Double latencyP50Ms,
        Double latencyP95Ms,
        Double qualityMean,
        long qualityN,
        LatencyHistogram latency) {

    public static final String SCHEMA = "llmwatch.model-stats.v1";

    public ModelStats {
        if (schema == null) {
            schema = SCHEMA;
        }
    }

    public ModelKey key() {
        return new ModelKey(app, taskType, model);
    }

    public double errorRate() {
        return calls == 0 ? 0 : (double) errors / calls;
    }
}
