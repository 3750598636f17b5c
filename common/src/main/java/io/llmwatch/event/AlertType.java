package io.llmwatch.event;

/** What an alert is about; see DESIGN §5. */
public enum AlertType {
    OPTIMAL_MODEL_CHANGED,
    QUALITY_DRIFT,
    COST_DRIFT,
    LATENCY_DRIFT,
    ERROR_RATE_DRIFT,
    TOKEN_SPIRAL,
    PRICE_UNKNOWN_OR_STALE
}
