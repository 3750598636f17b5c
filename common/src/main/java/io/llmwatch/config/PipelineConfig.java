package io.llmwatch.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.llmwatch.validate.EventTimeWindow;
import java.time.Duration;

/**
 * How the streaming pipeline aggregates and decides.
 *
 * @param window            tumbling event-time window of {@code llmwatch.model-stats} (default 1 min)
 * @param grace             how long after its end (in stream time) a window closes: it is then final
 *                          for the drift watchers; later calls and grades still update it
 * @param hysteresisWindows consecutive windows a new optimum must hold before it is accepted (K)
 * @param horizonWindows    how many recent windows the optimum is judged on
 * @param dedupRetention    how long a {@code call_id} is remembered to drop duplicates
 * @param reservoirSize     recent replayable calls kept per task for re-evaluation campaigns (0 = none)
 * @param maxEventAge       how old an event time may be when it arrives (default 7 d, the input topics' retention)
 * @param maxFutureSkew     how far ahead of the receiver's clock an event time may be (default 5 min)
 * @param evaluationHorizon how long after its call (in event time) an evaluation still updates the
 *                          call's window; the windows are kept that long (default 24 h)
 * @param publishInterval   wall-clock pace at which changed windows are published to
 *                          {@code llmwatch.model-stats}: about one update per window per interval,
 *                          never two within ¾ of it (default 1 s; docs/live-numbers.md)
 */
public record PipelineConfig(
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration window,
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration grace,
        Integer hysteresisWindows,
        Integer horizonWindows,
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration dedupRetention,
        Integer reservoirSize,
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration maxEventAge,
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration maxFutureSkew,
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration evaluationHorizon,
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration publishInterval) {

    public static final PipelineConfig DEFAULT = new PipelineConfig(Duration.ofMinutes(1), Duration.ofSeconds(10), 2, 3,
            Duration.ofHours(24), 1_000, EventTimeWindow.DEFAULT_MAX_AGE, EventTimeWindow.DEFAULT_MAX_FUTURE_SKEW,
            Duration.ofHours(24), Duration.ofSeconds(1));

    /** A pipeline with the default reservoir size, event time window, evaluation horizon and publish interval. */
    public PipelineConfig(Duration window, Duration grace, Integer hysteresisWindows, Integer horizonWindows,
                          Duration dedupRetention) {
        this(window, grace, hysteresisWindows, horizonWindows, dedupRetention, null, null, null, null, null);
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
                maxFutureSkew != null ? maxFutureSkew : fallback.maxFutureSkew,
                evaluationHorizon != null ? evaluationHorizon : fallback.evaluationHorizon,
                publishInterval != null ? publishInterval : fallback.publishInterval);
    }
}
