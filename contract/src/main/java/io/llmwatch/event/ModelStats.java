package io.llmwatch.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Statistics of one model on one task of one app over one tumbling event-time window (schema
 * {@value #SCHEMA}); keyed {@code app/task/model/window-start} ({@link #topicKey()}), so that the
 * compacted {@code llmwatch.model-stats} keeps the latest version of every window.
 *
 * <p>A window is published as it fills ({@code open}), and again when stream time has passed its end
 * plus {@code pipeline.grace} ({@code open} false): final for the drift watchers. Calls and grades
 * that arrive later still update it, published with {@code open} false.
 *
 * @param calls         distinct calls (a duplicate {@code call_id} counts once)
 * @param errors        failed calls
 * @param pricedCalls   calls whose cost is known; {@code costSum} and {@code costMean} cover only them
 * @param unpricedCalls calls whose cost is unknown (unknown model or usage), never counted as free
 * @param costMean      mean cost per priced call, or null when none was priced
 * @param qualityMean   mean composite quality over the {@code qualityN} calls that have one
 * @param latency       the mergeable histogram behind the quantiles; its bucket numbers follow
 *                      {@link LatencyHistogram#GAMMA} (docs/architecture.md §3)
 * @param open          true while the window has not closed yet (more calls are expected in it);
 *                      never null (absent reads as false)
 * @param dimensions    mean and n of each quality dimension (correctness, format, a team's own
 *                      {@code tone}, …), at most {@link DimensionStats#MAX_DIMENSIONS}; never null
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
        LatencyHistogram latency,
        Boolean open,
        Map<String, DimensionStats> dimensions) {

    public static final String SCHEMA = "llmwatch.model-stats.v1";

    public ModelStats {
        if (schema == null) {
            schema = SCHEMA;
        }
        // absent, as written before windows were published open: a closed window
        open = Boolean.TRUE.equals(open);
        dimensions = dimensions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    }

    /** The statistics of a window without per-dimension figures. */
    public ModelStats(String schema, String app, String taskType, String model, TimeWindow window, long calls,
                      long errors, long pricedCalls, long unpricedCalls, double costSum, Double costMean,
                      long inputTokens, long outputTokens, Double latencyP50Ms, Double latencyP95Ms,
                      Double qualityMean, long qualityN, LatencyHistogram latency, Boolean open) {
        this(schema, app, taskType, model, window, calls, errors, pricedCalls, unpricedCalls, costSum, costMean,
                inputTokens, outputTokens, latencyP50Ms, latencyP95Ms, qualityMean, qualityN, latency, open, Map.of());
    }

    /** The statistics of a closed window. */
    public ModelStats(String schema, String app, String taskType, String model, TimeWindow window, long calls,
                      long errors, long pricedCalls, long unpricedCalls, double costSum, Double costMean,
                      long inputTokens, long outputTokens, Double latencyP50Ms, Double latencyP95Ms,
                      Double qualityMean, long qualityN, LatencyHistogram latency) {
        this(schema, app, taskType, model, window, calls, errors, pricedCalls, unpricedCalls, costSum, costMean,
                inputTokens, outputTokens, latencyP50Ms, latencyP95Ms, qualityMean, qualityN, latency, false, Map.of());
    }

    /** The Kafka key of this window on {@code llmwatch.model-stats}: {@code app/task/model/window-start}. */
    public String topicKey() {
        return topicKey(key(), window.start());
    }

    /** The Kafka key of a model's window starting at {@code start}. */
    public static String topicKey(ModelKey key, Instant start) {
        return key + "/" + start;
    }

    public ModelKey key() {
        return new ModelKey(app, taskType, model);
    }

    public double errorRate() {
        return calls == 0 ? 0 : (double) errors / calls;
    }
}
