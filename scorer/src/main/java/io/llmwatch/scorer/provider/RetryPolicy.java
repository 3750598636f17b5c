package io.llmwatch.scorer.provider;

import java.time.Duration;

/**
 * How a provider call is retried: on 408, 429, 5xx, timeouts and connection errors, never on other
 * 4xx or on a malformed success (the provider has charged for it). A {@code Retry-After} (or
 * OpenAI's {@code retry-after-ms}) is honoured exactly; without one the wait is exponential backoff
 * with full jitter (a uniform draw in [0, min(maxBackoff, baseBackoff · 2^(retry−1))]), which
 * spreads out clients that failed together.
 *
 * @param maxAttempts   HTTP attempts in all, the first included
 * @param baseBackoff   the first retry's backoff ceiling
 * @param maxBackoff    the ceiling the backoff grows to
 * @param maxRetryAfter the longest {@code Retry-After} waited for: a provider that asks for longer
 *                      gets no retry (and the call fails as {@code rate_limited}) rather than one
 *                      sooner than it asked
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    /** 4 attempts, backoff from 250 ms up to 8 s, Retry-After up to 30 s. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
    }

    /** The full-jitter backoff before retry number {@code retry} (1 for the first), given a uniform draw in [0, 1). */
    public Duration backoff(int retry, double uniform) {
        double ceiling = Math.min(maxBackoff.toMillis(), baseBackoff.toMillis() * Math.pow(2, retry - 1));
        return Duration.ofMillis(Math.round(ceiling * uniform));
    }
}
