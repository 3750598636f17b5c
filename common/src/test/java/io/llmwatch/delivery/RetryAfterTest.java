package io.llmwatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void readsSecondsHttpDatesAndOpenAisMilliseconds() {
        assertThat(RetryAfter.parse("7", NOW)).hasValue(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("1.5", NOW)).hasValue(Duration.ofMillis(1500));
        assertThat(RetryAfter.parse("Mon, 30 Nov 2026 10:00:20 GMT", NOW)).hasValue(Duration.ofSeconds(20));
        assertThat(RetryAfter.parse("Mon, 30 Nov 2026 09:59:00 GMT", NOW)).hasValue(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-3", NOW)).isEmpty();
        assertThat(RetryAfter.of(headers(Map.of("retry-after-ms", List.of("250"), "retry-after", List.of("1"))), NOW))
                .hasValue(Duration.ofMillis(250));
        assertThat(RetryAfter.of(headers(Map.of("Retry-After", List.of("2"))), NOW)).hasValue(Duration.ofSeconds(2));
        assertThat(RetryAfter.of(headers(Map.of()), NOW)).isEmpty();
    }

    @Test
    void aWaitLongerThanTheMostAcceptedIsCutToIt() {
        Duration max = Duration.ofSeconds(300);
        assertThat(RetryAfter.of(headers(Map.of("retry-after", List.of("86400"))), NOW, max)).hasValue(max);
        assertThat(RetryAfter.of(headers(Map.of("retry-after", List.of("120"))), NOW, max)).hasValue(Duration.ofSeconds(120));
        assertThat(RetryAfter.of(headers(Map.of("retry-after", List.of("soon"))), NOW, max)).isEmpty();
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (name, value) -> true);
    }
}
