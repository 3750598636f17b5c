package io.llmwatch.drift.watch;

import io.llmwatch.config.AlertsConfig;
import io.llmwatch.detect.ChangeDirection;
import io.llmwatch.event.AlertType;

/**
 * A per-window figure of a model that is watched for drift, with the direction in which a change is
 * bad and how its band of material change is measured: absolute for figures in [0, 1] (quality, the
 * error rate), relative for figures that span orders of magnitude (cost per call,
 * p95 latency), which are watched on a log scale so that one δ and λ fit every model.
 */
enum WatchedMetric {
    /** Mean composite quality of a model's production calls. */
    QUALITY(AlertType.QUALITY_DRIFT, ChangeDirection.DOWN, false, "quality"),
    /** Mean cost per priced call. */
    COST(AlertType.COST_DRIFT, ChangeDirection.UP, true, "cost per call"),
    /** p95 latency. */
    LATENCY(AlertType.LATENCY_DRIFT, ChangeDirection.UP, true, "p95 latency"),
    /** Failed calls over calls. */
    ERROR_RATE(AlertType.ERROR_RATE_DRIFT, ChangeDirection.UP, false, "error rate");

    private final AlertType alertType;
    private final ChangeDirection bad;
    private final boolean relative;
    private final String label;

    WatchedMetric(AlertType alertType, ChangeDirection bad, boolean relative, String label) {
        this.alertType = alertType;
        this.bad = bad;
        this.relative = relative;
        this.label = label;
    }

    AlertType alertType() {
        return alertType;
    }

    /** The direction in which a change of this figure is a problem. */
    ChangeDirection bad() {
        return bad;
    }

    /** How people call the figure. */
    String label() {
        return label;
    }

    /** Whether the band is relative (cost, latency) rather than absolute. */
    boolean relative() {
        return relative;
    }

    /** Whether a value can be watched at all: a relative figure needs a positive value. */
    boolean watchable(double value) {
        return Double.isFinite(value) && (!relative || value > 0);
    }

    /** The value on the scale the detector and the band work on. */
    double scale(double value) {
        return relative ? Math.log(value) : value;
    }

    /** A scaled value back in the figure's own units. */
    double unscale(double scaled) {
        return relative ? Math.exp(scaled) : scaled;
    }

    /**
     * The band of material change as configured: absolute, or a fraction for a relative figure.
     *
     * @param margin the task's non-inferiority margin, the quality band unless one is configured
     */
    double band(AlertsConfig alerts, double margin) {
        return switch (this) {
            case QUALITY -> alerts.qualityBand() != null ? alerts.qualityBand() : margin;
            case COST -> alerts.costBand();
            case LATENCY -> alerts.latencyBand();
            case ERROR_RATE -> alerts.errorRateBand();
        };
    }

    /** The band as configured (a fraction for a relative band) on the detector's scale. */
    double scaledBand(double configured) {
        return relative ? Math.log1p(configured) : configured;
    }

    /**
     * The largest per-call variance the figure can have around {@code level}: for a figure bounded in
     * [a, b] with mean μ, (b − μ)(μ − a) (R. Bhatia and C. Davis, "A better bound on the variance",
     * American Mathematical Monthly 107, 2000); unbounded (infinity) for cost and latency, whose
     * variance is only known from their samples ({@link Spread}).
     */
    double varianceBound(double level) {
        return switch (this) {
            case QUALITY, ERROR_RATE -> Math.max(0, (1 - level) * level);
            case COST, LATENCY -> Double.POSITIVE_INFINITY;
        };
    }

    /** b − a for a figure bounded in [a, b] (per call); infinity for cost and latency. */
    double range() {
        return switch (this) {
            case QUALITY, ERROR_RATE -> 1;
            case COST, LATENCY -> Double.POSITIVE_INFINITY;
        };
    }

    /** How far {@code scaled} lies from {@code reference} in the bad direction (negative: the good one). */
    double badDeviation(double scaled, double reference) {
        return bad == ChangeDirection.UP ? scaled - reference : reference - scaled;
    }
}
