package io.llmwatch.delivery;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads how long a provider asks to wait: OpenAI's {@code retry-after-ms}, else the standard
 * {@code Retry-After} in seconds or as an HTTP date (RFC 9110 §10.2.3). The one reader of these
 * headers: provider calls, replays and webhook deliveries all wait by it.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait a response asks for; empty when it names none or none readable. */
    public static Optional<Duration> of(HttpHeaders headers, Instant now) {
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            Optional<Duration> parsed = number(millis.get()).map(ms -> Duration.ofNanos(Math.round(ms * 1_000_000)));
            if (parsed.isPresent()) {
                return parsed;
            }
        }
        return headers.firstValue("retry-after").flatMap(value -> parse(value, now));
    }

    /** The wait a response asks for, at most {@code max}; empty when it names none or none readable. */
    public static Optional<Duration> of(HttpHeaders headers, Instant now, Duration max) {
        return of(headers, now).map(wait -> wait.compareTo(max) > 0 ? max : wait);
    }

    /** A {@code Retry-After} value (seconds, possibly fractional, or an HTTP date) as a wait from {@code now}. */
    public static Optional<Duration> parse(String value, Instant now) {
        Optional<Double> seconds = number(value);
        if (seconds.isPresent()) {
            return Optional.of(Duration.ofMillis(Math.round(seconds.get() * 1000)));
        }
        try {
            Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> number(String value) {
        try {
            double parsed = Double.parseDouble(value.strip());
            return parsed >= 0 && Double.isFinite(parsed) ? Optional.of(parsed) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
