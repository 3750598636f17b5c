package io.llmwatch.collector.ingest;

/**
 * The JSON body of every error that is not a validation result, e.g.
 * {@code {"error": "kafka_unavailable", "message": "..."}}.
 *
 * @param error   a stable snake_case code
 * @param message what happened, for a person
 */
public record ErrorResponse(String error, String message) {
}
