package io.llmwatch.event;

import java.time.Instant;
import java.util.Map;

/**
 * A call's metadata with its cost and scores (schema {@value #SCHEMA}); no prompt or output text,
 * so it can be retained and shared more freely than {@link LlmCall}. Re-emitted under the same
 * {@code call_id} when a later evaluation changes its scores.
 */
public record ScoredCall(
        String schema,
        String callId,
        Instant timestamp,
        String app,
        String taskType,
        String environment,
        String traceId,
        String sessionId,
        String provider,
        String requestModel,
        String model,
        String finishReason,
        Usage usage,
        Double latencyMs,
        Double timeToFirstTokenMs,
        Cost cost,
        CallError error,
        Scores scores,
        Map<String, String> attributes) {

    public static final String SCHEMA = "llmwatch.scored.v1";

    public ScoredCall {
        if (schema == null) {
            schema = SCHEMA;
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The call as scored: its own fields (not its prompt, output or reference), its cost and its scores. */
    public static ScoredCall of(LlmCall call, Cost cost, Scores scores) {
        return new ScoredCall(SCHEMA, call.callId(), call.timestamp(), call.app(), call.taskType(), call.environment(),
                call.traceId(), call.sessionId(), call.provider(), call.requestModel(), call.model(), call.finishReason(),
                call.usage(), call.latencyMs(), call.timeToFirstTokenMs(), cost, call.error(), scores, call.attributes());
    }

    /** The key under which per-model statistics are aggregated. */
    public ModelKey modelKey() {
        return new ModelKey(app, taskType, model);
    }

    public ScoredCall withScores(Scores newScores) {
        return new ScoredCall(schema, callId, timestamp, app, taskType, environment, traceId, sessionId, provider,
                requestModel, model, finishReason, usage, latencyMs, timeToFirstTokenMs, cost, error, newScores,
                attributes);
    }
}
