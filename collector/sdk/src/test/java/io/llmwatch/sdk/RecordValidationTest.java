package io.llmwatch.sdk;

import io.llmwatch.event.CallBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.Cost;
import io.llmwatch.validate.EventTimeWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The SDK refuses at {@link LlmWatch#record} what the scorer would only dead-letter: it checks the
 * same event time window and the same number bounds as the collector and the topology (one
 * {@code EventReader}). Before, a call stamped two hours ahead or with a NaN latency was sent.
 */
class RecordValidationTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void callsOutsideTheWindowOrWithNumbersThatAreNotFiniteAreCountedInvalidNotSent() {
        // No broker: nothing valid is recorded here that would need one.
        try (LlmWatch watch = LlmWatch.builder().bootstrapServers("127.0.0.1:9")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
            watch.record(call().timestamp(NOW.plus(Duration.ofHours(2))).build());
            watch.record(call().timestamp(Instant.ofEpochSecond(-5)).build());
            watch.record(call().timestamp(NOW.minus(Duration.ofDays(8))).build());
            watch.record(call().latencyMs(Double.NaN).build());
            watch.record(call().latencyMs(Double.POSITIVE_INFINITY).build());
            watch.record(call().cost(new Cost(1e308, "USD", null, null)).build());

            assertThat(watch.metrics().invalid()).isEqualTo(6);
            assertThat(watch.metrics().recorded()).isZero();
            watch.close(Duration.ofMillis(100));
        }
    }

    @Test
    void theWindowIsTheOneTheBuilderIsGiven() {
        try (LlmWatch watch = LlmWatch.builder().bootstrapServers("127.0.0.1:9")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .eventTimes(new EventTimeWindow(Duration.ofDays(30), Duration.ofHours(3))).build()) {
            watch.record(call().timestamp(NOW.plus(Duration.ofHours(2))).build());
            watch.record(call().timestamp(NOW.minus(Duration.ofDays(8))).build());

            assertThat(watch.metrics().invalid()).isZero();
            assertThat(watch.metrics().recorded()).isEqualTo(2);
            watch.close(Duration.ofMillis(100));
        }
    }

    private static CallBuilder call() {
        return CallBuilder.create().app("shop").taskType("summarize").requestModel("gpt-4.1-mini").timestamp(NOW);
    }
}
