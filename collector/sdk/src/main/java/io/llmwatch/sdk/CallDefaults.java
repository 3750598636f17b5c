package io.llmwatch.sdk;

import io.llmwatch.event.CallBuilder;
import io.llmwatch.event.LlmCall;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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
        String callId = blank(call.callId()) ? randomCallId() : call.callId();
        Instant timestamp = call.timestamp() == null ? clock.instant() : call.timestamp();
        String callApp = blank(call.app()) ? app : call.app();
        String callTask = blank(call.taskType()) ? taskType : call.taskType();
        String callEnvironment = environment != null && RECORD_DEFAULT_ENVIRONMENT.equals(call.environment())
                ? environment : call.environment();
        if (callId == call.callId() && timestamp == call.timestamp() && callApp == call.app()
                && callTask == call.taskType() && callEnvironment == call.environment()) {
            return call;
        }
        return call.toBuilder().callId(callId).timestamp(timestamp).app(callApp).taskType(callTask)
                .environment(callEnvironment).build();
    }

    /**
     * A version-4 UUID from {@link ThreadLocalRandom}. A call id must be unique, not unpredictable;
     * {@link UUID#randomUUID()} draws on a shared {@code SecureRandom}, which costs the caller's
     * thread microseconds at the 99th percentile.
     */
    static String randomCallId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
