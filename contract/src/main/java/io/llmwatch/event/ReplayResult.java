package io.llmwatch.event;

import io.llmwatch.validate.Checks;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.EventTimeWindow;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.Validated;
import java.time.Instant;
import java.util.List;

/**
 * One model's answer to one replayed call, judged against production (schema {@value #SCHEMA});
 * keyed {@code call_id}. A failed replay is a result too: it counts against the model's error rate.
 * Results are delivered at least once; {@link #resultId()} identifies duplicates.
 *
 * @param model       the replayed model (a candidate, or the incumbent as self-replay control)
 * @param control     true when this is the incumbent's self-replay
 * @param cost        what the replay cost at the model's price
 * @param attempts    HTTP attempts it took (retries included)
 * @param judgement   the judge's paired delta; null for failed replays
 * @param projectedCostUsd what the sampler charged to the model's daily budget for it
 * @param originalCostUsd  what production paid for the same call, when known
 */
public record ReplayResult(
        String schema,
        String callId,
        Instant callTimestamp,
        String app,
        String taskType,
        String incumbent,
        String model,
        String provider,
        boolean control,
        String campaignId,
        String outputText,
        String finishReason,
        Usage usage,
        Cost cost,
        Double latencyMs,
        CallError error,
        int attempts,
        Judgement judgement,
        Double projectedCostUsd,
        Double originalCostUsd,
        Instant completedAt) implements Validated {

    public static final String SCHEMA = "llmwatch.replay-result.v1";

    public ReplayResult {
        if (schema == null) {
            schema = SCHEMA;
        }
    }

    /** Identifies one model's replay of one call, across re-deliveries. */
    public String resultId() {
        return resultId(callId, model);
    }

    /** The {@link #resultId()} of {@code model}'s replay of call {@code callId}, e.g. for a sampler charging it in advance. */
    public static String resultId(String callId, String model) {
        return callId + "/" + model;
    }

    public boolean failed() {
        return error != null;
    }

    public TaskKey task() {
        return new TaskKey(app, taskType);
    }

    /** The one reader of this record from outside llmwatch, refusing event times outside {@code window}. */
    public static EventReader<ReplayResult> reader(EventTimeWindow window) {
        return new EventReader<>(ReplayResult.class, SCHEMA).timed("completed_at", ReplayResult::completedAt, window);
    }

    @Override
    public List<FieldError> validate() {
        Checks checks = new Checks()
                .required("call_id", callId)
                .required("app", app)
                .required("task_type", taskType)
                .required("incumbent", incumbent)
                .required("model", model)
                .required("completed_at", completedAt)
                .eventTime("completed_at", completedAt)
                .check(judgement == null || judgement.delta() == null || Math.abs(judgement.delta()) <= 1,
                        "judgement.delta", "must be within [-1, 1]");
        if (judgement != null && judgement.dimensions() != null) {
            judgement.dimensions().forEach((name, d) -> checks.check(d != null && Math.abs(d) <= 1,
                    "judgement.dimensions." + name, "must be within [-1, 1]"));
        }
        return checks.errors();
    }
}
