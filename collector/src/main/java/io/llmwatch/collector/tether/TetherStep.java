package io.llmwatch.collector.tether;

/**
 * One row of Tether's {@code steps} table with its run's name and metadata, as stored: JSON and
 * times are text, numbers may be absent. Numeric columns are kept as SQLite returned them, so that a
 * value of the wrong type is reported by the mapper with the column's name.
 */
record TetherStep(
        String id,
        String runId,
        Long sequenceNumber,
        String provider,
        String model,
        String inputs,
        String outputs,
        Object inputTokens,
        Object outputTokens,
        String costUsd,
        Object latencyMs,
        String error,
        String createdAt,
        String completedAt,
        String runName,
        String runMetadata) {

    /** Neither completed nor failed: the call was still in flight when the file was read. */
    boolean inFlight() {
        return completedAt == null && error == null;
    }

    /** {@code run <run_id> step <n> (id <id>)}, how errors name the row. */
    String describe() {
        return "run " + runId + " step " + (sequenceNumber == null ? "?" : sequenceNumber) + " (id " + id + ")";
    }
}
