package io.llmwatch.drift.sink;

import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import java.time.Instant;
import java.util.Map;

/** Alerts for the sink tests. */
final class Alerts {

    private Alerts() {
    }

    static DriftAlert alert(String id, String app, Severity severity) {
        Instant at = Instant.parse("2025-06-01T12:00:00Z");
        return new DriftAlert(null, id, AlertType.QUALITY_DRIFT, severity, app, "summarize-ticket", "gpt-4.1", at,
                new TimeWindow(at.minusSeconds(600), at),
                "summarize-ticket: quality of gpt-4.1 fell from 0.86 to 0.79 (n=412) <since the provider update> & holds",
                new Evidence("gpt-4.1", null, 0.86, 400L, 0.79, 412L, -0.07, -0.09, -0.05, 412L, null, null, null, null,
                        Map.of("detector", "page-hinkley")),
                "QUALITY_DRIFT/" + app + "/summarize-ticket/gpt-4.1", AlertStatus.FIRING);
    }
}
