package io.llmwatch.scorer.provider;

import io.llmwatch.event.CallError;

/**
 * How a provider call ended, after retries: a parsed value, or an error.
 *
 * @param attempts  HTTP attempts made (0 when rejected before any)
 * @param latencyMs of the last attempt
 */
record Outcome<T>(T value, CallError error, int attempts, double latencyMs) {

    static <T> Outcome<T> failed(String type, String message, int attempts, double latencyMs) {
        return new Outcome<>(null, new CallError(type, message), attempts, latencyMs);
    }
}
