package io.llmwatch.sdk;

import io.llmwatch.event.CallBuilder;
import java.util.HashMap;
import java.util.Map;

/**
 * What an adapter cannot learn from the LLM client itself and stamps on every call it records: the
 * task type (the unit for which llmwatch picks the cheapest good-enough model), and optionally the
 * app, trace, session and free attributes. Absent values fall back to the {@link LlmWatch} defaults.
 */
public record CallLabels(String app, String taskType, String traceId, String sessionId, Map<String, String> attributes) {

    public CallLabels {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** No labels: calls get the {@link LlmWatch} builder's app and task type. */
    public static CallLabels none() {
        return new CallLabels(null, null, null, null, Map.of());
    }

    public static CallLabels task(String taskType) {
        return none().withTaskType(taskType);
    }

    public CallLabels withApp(String app) {
        return new CallLabels(app, taskType, traceId, sessionId, attributes);
    }

    public CallLabels withTaskType(String taskType) {
        return new CallLabels(app, taskType, traceId, sessionId, attributes);
    }

    public CallLabels withTraceId(String traceId) {
        return new CallLabels(app, taskType, traceId, sessionId, attributes);
    }

    public CallLabels withSessionId(String sessionId) {
        return new CallLabels(app, taskType, traceId, sessionId, attributes);
    }

    public CallLabels withAttribute(String key, String value) {
        Map<String, String> more = new HashMap<>(attributes);
        more.put(key, value);
        return new CallLabels(app, taskType, traceId, sessionId, more);
    }

    /** A builder for one call, carrying these labels. */
    public CallBuilder newCall() {
        return CallBuilder.create().app(app).taskType(taskType).traceId(traceId).sessionId(sessionId)
                .attributes(attributes);
    }
}
