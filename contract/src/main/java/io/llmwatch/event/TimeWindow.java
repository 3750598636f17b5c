package io.llmwatch.event;

import java.time.Instant;

/** A half-open event-time interval [start, end). */
public record TimeWindow(Instant start, Instant end) {
}
