package io.llmwatch.collector.ingest;

/**
 * The body of {@code GET /healthz}: {@code {"status": "ok"}}, or {@code "unavailable"} with a reason.
 *
 * @param reason why the collector is unavailable; absent when it is ok
 */
public record HealthResponse(String status, String reason) {

    static HealthResponse ok() {
        return new HealthResponse("ok", null);
    }

    static HealthResponse unavailable(String reason) {
        return new HealthResponse("unavailable", reason);
    }
}
