package io.llmwatch.sim;

import java.time.Instant;
import java.util.Map;

/**
 * One request the {@link SimulatedProvider simulated provider} received, logged on arrival.
 *
 * @param sequence    arrival order, from 1
 * @param arrivedAt   wall-clock arrival
 * @param arrivalNanos {@link System#nanoTime()} at arrival, to measure gaps between requests
 * @param model       the model asked for, when the body names one
 * @param headers     request headers (lower-case names, first value) <em>without</em>
 *                    {@code Authorization}, which is never kept
 * @param authorized  whether the request carried the configured key (true when none is configured)
 * @param fault       the fault it met, e.g. {@code RateLimited[retryAfter=1]}; null when answered normally
 */
public record LoggedRequest(long sequence, Instant arrivedAt, long arrivalNanos, String method, String path,
                            String model, Map<String, String> headers, boolean authorized, String fault) {
}
