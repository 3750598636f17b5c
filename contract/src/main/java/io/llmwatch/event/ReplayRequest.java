package io.llmwatch.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.Validated;
import io.llmwatch.wire.ProviderApi;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sampled production call to replay against other models (schema {@value #SCHEMA}); keyed
 * {@code call_id}. Produced by the scorer's sampler (or a re-evaluation campaign), consumed by the
 * replay worker.
 *
 * @param callTimestamp    when the original call was made
 * @param incumbent        the task's reference: the model every target is compared with, replayed
 *                         as the control when the judge needs one or when it did not serve the call
 * @param provider         the provider that served it, if known
 * @param request          the provider request body as recorded; replayed with only the model swapped
 * @param originalOutput   what production answered
 * @param originalUsage    production's tokens, when known
 * @param originalCostUsd  production's cost, when known
 * @param reference        expected output when the app knows it
 * @param judge            the judge resolved for this call ({@code exact}, {@code json}, …)
 * @param targets          models to replay: the candidates, plus the incumbent itself as the
 *                         self-replay control when the judge compares with production's output
 * @param projectedCostUsd per target, what the sampler charged to its daily budget
 * @param campaignId       the re-evaluation campaign that asked for it; null for live sampling
 * @param requestedAt      when it was sampled
 * @param api              the API the call was made with and is replayed in, by
 *                         {@link ProviderApi#id()} ({@code openai.responses}, {@code anthropic.messages});
 *                         null = chat completions
 * @param servedBy         the model that served the call in production when it was not the
 *                         incumbent (after a switch); null when the incumbent served it. Production's
 *                         answer is then not the incumbent's, so the replay worker compares every
 *                         target with the incumbent's replay instead (docs/decisions.md)
 */
public record ReplayRequest(
        String schema,
        String callId,
        Instant callTimestamp,
        String app,
        String taskType,
        String incumbent,
        String provider,
        JsonNode request,
        String originalOutput,
        Usage originalUsage,
        Double originalCostUsd,
        JsonNode reference,
        String judge,
        List<String> targets,
        Map<String, Double> projectedCostUsd,
        String campaignId,
        Instant requestedAt,
        String api,
        String servedBy) implements Validated {

    public static final String SCHEMA = "llmwatch.replay-request.v1";

    public ReplayRequest {
        if (schema == null) {
            schema = SCHEMA;
        }
        targets = targets == null ? List.of() : List.copyOf(targets);
        projectedCostUsd = projectedCostUsd == null ? Map.of() : Map.copyOf(projectedCostUsd);
    }

    /** A builder of a request, field by field; fields left out stay absent. */
    public static ReplayRequestBuilder builder() {
        return new ReplayRequestBuilder();
    }

    /** A builder holding this request's fields, to make one that differs in some. */
    public ReplayRequestBuilder toBuilder() {
        return ReplayRequestBuilder.from(this);
    }

    /** The API to replay in; empty when {@link #api()} names none llmwatch knows. */
    public Optional<ProviderApi> wireApi() {
        return ProviderApi.ofCallAttribute(api);
    }

    public TaskKey task() {
        return new TaskKey(app, taskType);
    }

    /**
     * Whether production's answer is the incumbent's: false after a switch, when the call was served
     * by another model and the incumbent's replay stands in for production's answer.
     */
    public boolean servedByIncumbent() {
        return servedBy == null || servedBy.equals(incumbent);
    }

    /** Whether {@code model} is replayed as the incumbent's self-replay control. */
    public boolean isControl(String model) {
        return model.equals(incumbent);
    }

    /** What a request needs to be replayed. */
    @Override
    public List<FieldError> validate() {
        Checks checks = new Checks()
                .required("call_id", callId)
                .maxLength("call_id", callId, LlmCall.MAX_CALL_ID_LENGTH)
                .required("app", app)
                .required("task_type", taskType)
                .required("incumbent", incumbent)
                .required("request", request)
                .check(request == null || request.isObject(), "request", "must be a JSON object (the provider request body)")
                .check(!targets.isEmpty(), "targets", "must name at least one model")
                .check(targets.stream().allMatch(t -> t != null && !t.isBlank()), "targets",
                        "must not contain blank model names");
        if (wireApi().isEmpty()) {
            checks.add(new FieldError("api", "must be one of " + Arrays.stream(ProviderApi.values())
                    .map(ProviderApi::id).toList() + ", not '" + api + "'"));
        }
        if (judge != null && !judge.isBlank()) {
            try {
                JudgeKind.parse(judge);
            } catch (IllegalArgumentException e) {
                checks.add(new FieldError("judge", e.getMessage()));
            }
        }
        return checks.errors();
    }
}
