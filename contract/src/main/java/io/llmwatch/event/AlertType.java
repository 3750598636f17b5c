package io.llmwatch.event;

/** What an alert is about; see docs/architecture.md §6 and docs/alerts.md. */
public enum AlertType {
    OPTIMAL_MODEL_CHANGED,
    QUALITY_DRIFT,
    COST_DRIFT,
    LATENCY_DRIFT,
    ERROR_RATE_DRIFT,
    TOKEN_SPIRAL,
    PRICE_UNKNOWN_OR_STALE,
    /** A candidate is worse on a critical dimension, or that dimension's evidence alarmed (docs/dimensions.md). */
    CRITICAL_DIMENSION
}
