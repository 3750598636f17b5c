package io.llmwatch.sdk;

import io.llmwatch.event.LlmCall;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * What {@link LlmWatch#record} fills in before it validates a call: a random {@code call_id}, the
 * current time, and the app, task type and environment configured on the builder.
 *
 * <p>{@link LlmCall} turns an absent environment into {@code prod}; so the configured environment
 * replaces {@code prod}, which a call cannot tell apart from no environment at all.
 */
record CallDefaults(String app, String taskType, String environment, Clock clock) {

    /** What {@link LlmCall} makes of an absent environment. */
    private static final String RECORD_DEFAULT_ENVIRONMENT = CallBuilder.create().build().environment();

    LlmCall apply(LlmCall call) {
        String callId = blank(call.callId()) ? UUID.randomUUID().toString() : call.callId();
        Instant timestamp = call.timestamp() == null ? clock.instant() : call.timestamp();
        String callApp = blank(call.app()) ? app : call.app();
        String callTask = blank(call.taskType()) ? taskType : call.taskType();
        String callEnvironment = environment != null && RECORD_DEFAULT_ENVIRONMENT.equals(call.environment())
                ? environment : call.environment();
        if (callId == call.callId() && timestamp == call.timestamp() && callApp == call.app()
                && callTask == call.taskType() && callEnvironment == call.environment()) {
            return call;
        }
        return new LlmCall(call.schema(), callId, timestamp, callApp, callTask, callEnvironment, call.traceId(),
                call.sessionId(), call.provider(), call.operation(), call.requestModel(), call.responseModel(),
                call.request(), call.outputText(), call.finishReason(), call.usage(), call.latencyMs(),
                call.timeToFirstTokenMs(), call.cost(), call.error(), call.attributes(), call.reference());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
