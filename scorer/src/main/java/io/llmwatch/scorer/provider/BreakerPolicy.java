package io.llmwatch.scorer.provider;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;

/**
 * When a provider's circuit breaker opens and for how long. It counts HTTP attempts that failed
 * for the provider's sake — 5xx, timeouts, connection errors, malformed answers — over the last
 * {@code window} attempts; 429s and other 4xx are not counted (they are about the caller, and a
 * 429's {@code Retry-After} is honoured instead). Open, it rejects at once, for {@code openFor};
 * then it lets {@code halfOpenCalls} attempts through and closes if they succeed.
 *
 * @param window            attempts in the sliding window
 * @param minimumCalls      attempts needed before the failure rate is judged
 * @param failureRatePercent failure rate (percent) at which it opens
 * @param openFor           how long it stays open before trying again
 * @param halfOpenCalls     trial attempts while half-open
 */
public record BreakerPolicy(int window, int minimumCalls, float failureRatePercent, Duration openFor, int halfOpenCalls) {

    /** Opens at 50 % failures over the last 20 attempts (10 at least), for 30 s; 3 trial attempts. */
    public static final BreakerPolicy DEFAULT = new BreakerPolicy(20, 10, 50f, Duration.ofSeconds(30), 3);

    CircuitBreakerConfig toConfig() {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRatePercent)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                // It half-opens on the first call after openFor: no timer thread per provider.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .build();
    }
}
