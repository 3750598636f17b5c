package io.llmwatch.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A failure the {@link SimulatedProvider simulated provider} injects instead of (or before) an answer. */
public sealed interface Fault {

    /** Answers with this HTTP status (500, 502, 503, …) and an OpenAI-style error body. */
    record ServerError(int status) implements Fault {
    }

    /**
     * Answers 429 with an OpenAI-style rate-limit error.
     *
     * @param retryAfter the {@code Retry-After} header value (seconds or an HTTP date); null = none
     */
    record RateLimited(String retryAfter) implements Fault {
    }

    /** Answers 200 with a JSON body cut off in the middle. */
    record Malformed() implements Fault {
    }

    /** Waits this long, then answers normally. */
    record Slow(Duration delay) implements Fault {
    }

    /** Never answers: holds the request until {@link SimulatedProvider#releaseHangs()} or close, then drops it. */
    record Hang() implements Fault {
    }

    static Fault serverError() {
        return new ServerError(500);
    }

    static Fault rateLimited(long retryAfterSeconds) {
        return new RateLimited(Long.toString(retryAfterSeconds));
    }

    /** 429 with {@code Retry-After} as an HTTP date. */
    static Fault rateLimitedUntil(Instant when) {
        return new RateLimited(DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atOffset(ZoneOffset.UTC)));
    }

    static Fault malformed() {
        return new Malformed();
    }

    static Fault slow(Duration delay) {
        return new Slow(delay);
    }

    static Fault hang() {
        return new Hang();
    }
}
