package io.llmwatch.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.llmwatch.validate.EventTimeWindow;
import java.time.Duration;

/**
 * How the streaming pipeline aggregates and decides.
 *
 * @param window            tumbling event-time window of {@code llmwatch.model-stats} (default 1 min)
 * @param grace             how late a call may arrive and still count in its window
 * @param hysteresisWindows consecutive windows a new optimum must hold before it is accepted (K)
 * @param horizonWindows    how many recent windows the optimum is judged on
 * @param dedupRetention    how long a {@code call_id} is remembered to drop duplicates
 * @param reservoirSize     recent replayable calls kept per task for re-evaluation campaigns (0 = none)
 * @param maxEventAge       how old an event time may be when it arrives (default 7 d, the input topics' retention)
 * @param maxFutureSkew     how far ahead of the receiver's clock an event time may be (default 5 min)
 */
public record PipelineConfig(
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration window,
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration grace,
        Integer hysteresisWindows,
        Integer horizonWindows,
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration dedupRetention,
        Integer reservoirSize,
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration maxEventAge,
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration maxFutureSkew) {

    public static final PipelineConfig DEFAULT = new PipelineConfig(Duration.ofMinutes(1), Duration.ofSeconds(10), 2, 3,
            Duration.ofHours(24), 1_000, EventTimeWindow.DEFAULT_MAX_AGE, EventTimeWindow.DEFAULT_MAX_FUTURE_SKEW);

    /** A pipeline with the default reservoir size and event time window. */
    public PipelineConfig(Duration window, Duration grace, Integer hysteresisWindows, Integer horizonWindows,
                          Duration dedupRetention) {
        this(window, grace, hysteresisWindows, horizonWindows, dedupRetention, null, null, null);
    }

    /** The event times every input is checked against: collector, SDK and topologies alike. */
    public EventTimeWindow eventTimes() {
        return new EventTimeWindow(maxEventAge, maxFutureSkew);
    }

    public PipelineConfig orElse(PipelineConfig fallback) {
        return new PipelineConfig(
                window != null ? window : fallback.window,
                grace != null ? grace : fallback.grace,
                hysteresisWindows != null ? hysteresisWindows : fallback.hysteresisWindows,
                horizonWindows != null ? horizonWindows : fallback.horizonWindows,
                dedupRetention != null ? dedupRetention : fallback.dedupRetention,
                reservoirSize != null ? reservoirSize : fallback.reservoirSize,
                maxEventAge != null ? maxEventAge : fallback.maxEventAge,
                maxFutureSkew != null ? maxFutureSkew : fallback.maxFutureSkew);
    }
}
