package io.llmwatch.collector.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the collector's producer is known to be failing: the last publish attempt failed, not long
 * ago. The failing state expires after {@link #FORGET_AFTER} without further attempts, so a readiness
 * probe that took the collector out of a load balancer lets traffic back in to test Kafka again
 * instead of keeping it out forever.
 */
final class PublishHealth {

    static final Duration FORGET_AFTER = Duration.ofSeconds(30);

    private record Failure(Instant at, String reason) {
    }

    private final Clock clock;
    private volatile Failure lastFailure;

    PublishHealth(Clock clock) {
        this.clock = clock;
    }

    void succeeded() {
        lastFailure = null;
    }

    void failed(Throwable cause) {
        lastFailure = new Failure(clock.instant(), cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    /** Why publishing is failing, or empty when it is not known to fail. */
    Optional<String> problem() {
        Failure failure = lastFailure;
        if (failure == null || failure.at().plus(FORGET_AFTER).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(failure.reason());
    }
}
