package io.llmwatch.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.EventTimeWindow;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.Validated;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One LLM call made by a production service (schema {@value #SCHEMA}). Field names follow the
 * OpenTelemetry GenAI semantic conventions in snake_case; see docs/architecture.md §3.
 */
public record LlmCall(
        String schema,
        String callId,
        Instant timestamp,
        String app,
        String taskType,
        String environment,
        String traceId,
        String sessionId,
        String provider,
        String operation,
        String requestModel,
        String responseModel,
        JsonNode request,
        String outputText,
        String finishReason,
        Usage usage,
        Double latencyMs,
        Double timeToFirstTokenMs,
        Cost cost,
        CallError error,
        Map<String, String> attributes,
        JsonNode reference) implements Validated {

    public static final String SCHEMA = "llmwatch.call.v1";
    /** Attribute set on a call whose prompt and output were kept out of Kafka, with the value {@value #CONTENT_DROPPED}. */
    public static final String CONTENT_ATTRIBUTE = "llmwatch.content";
    public static final String CONTENT_DROPPED = "dropped";
    public static final int MAX_CALL_ID_LENGTH = 128;
    /** A day: no provider call runs longer, and a larger figure is a unit mistake (µs, ns). */
    public static final double MAX_LATENCY_MS = 86_400_000;
    /** Far above any provider's context window plus output, far below what overflows a window's sum. */
    public static final long MAX_TOKENS = 100_000_000;
    /** Per call, in the call's currency: a million-token call of the dearest model costs a few hundred. */
    public static final double MAX_COST = 100_000;

    public LlmCall {
        if (schema == null) {
            schema = SCHEMA;
        }
        if (environment == null) {
            environment = "prod";
        }
        if (operation == null) {
            operation = "chat";
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A builder of a call, field by field; fields left out stay absent. */
    public static CallBuilder builder() {
        return CallBuilder.create();
    }

    /** A builder holding this call's fields, to make a call that differs in some. */
    public CallBuilder toBuilder() {
        return CallBuilder.from(this);
    }

    /** The model that served the call: the response model when reported, else the requested one. */
    public String model() {
        return responseModel != null && !responseModel.isBlank() ? responseModel : requestModel;
    }

    public boolean failed() {
        return error != null;
    }

    /** Whether the collector dropped the prompt and output (an app's {@code drop_content} switch). */
    public boolean contentDropped() {
        return CONTENT_DROPPED.equals(attributes.get(CONTENT_ATTRIBUTE));
    }

    /** The one reader of this record from outside llmwatch, refusing event times outside {@code window}. */
    public static EventReader<LlmCall> reader(EventTimeWindow window) {
        return new EventReader<>(LlmCall.class, SCHEMA).timed("timestamp", LlmCall::timestamp, window);
    }

    @Override
    public List<FieldError> validate() {
        Checks checks = new Checks()
                .required("call_id", callId)
                .maxLength("call_id", callId, MAX_CALL_ID_LENGTH)
                .required("timestamp", timestamp)
                .eventTime("timestamp", timestamp)
                .required("app", app)
                .required("task_type", taskType)
                .required("request_model", requestModel)
                .check(app == null || app.indexOf('/') < 0, "app", "must not contain '/' (it is part of the key app/task/model)")
                .check(taskType == null || taskType.indexOf('/') < 0, "task_type", "must not contain '/' (it is part of the key app/task/model)")
                .nonNegativeAtMost("latency_ms", latencyMs, MAX_LATENCY_MS, "ms")
                .nonNegativeAtMost("time_to_first_token_ms", timeToFirstTokenMs, MAX_LATENCY_MS, "ms");
        if (usage != null) {
            usage.check(checks);
        }
        if (cost != null) {
            checks.nonNegativeAtMost("cost.amount", cost.amount(), MAX_COST, cost.currency())
                    .check(cost.currency().length() == 3, "cost.currency", "must be a 3-letter ISO 4217 code");
        }
        if (error != null) {
            checks.required("error.type", error.type());
        }
        checks.check(request == null || request.isObject(), "request", "must be a JSON object (the provider request body)");
        return checks.errors();
    }
}
