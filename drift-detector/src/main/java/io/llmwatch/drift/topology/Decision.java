package io.llmwatch.drift.topology;

import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Recommendation;

/** One output of the detector: either a recommendation or an alert. */
record Decision(Recommendation recommendation, DriftAlert alert) {

    static Decision of(Recommendation recommendation) {
        return new Decision(recommendation, null);
    }

    static Decision of(DriftAlert alert) {
        return new Decision(null, alert);
    }

    boolean isAlert() {
        return alert != null;
    }
}
