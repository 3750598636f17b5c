package io.llmwatch.drift.lifecycle;

import static io.llmwatch.drift.StatsBuilder.model;
import static io.llmwatch.drift.StatsBuilder.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.drift.AlertDriver;
import io.llmwatch.drift.ComparisonBuilder;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code OPTIMAL_MODEL_CHANGED} alerts pass through the same lifecycle and sinks as the drift alerts. */
class OptimumChangeLifecycleTest {

    private static final String CONFIG = """
            pipeline: {window: 1h, hysteresis_windows: 2, horizon_windows: 1}
            alerts: {cooldown: 6h}
            tasks:
              - {app: support, task_type: summarize-ticket, incumbent: gpt-4.1}
            """;

    @TempDir
    Path stateDir;

    private AlertDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Window {@code w}: gpt-4.1's statistics at this quality, then gpt-4.1-mini's comparison. */
    private void publishWindow(int w, double quality, boolean miniNonInferior) {
        driver.publish(model("gpt-4.1").cost(0.010).quality(quality + (w % 2 == 0 ? 0.003 : -0.003), 510).in(w));
        ComparisonBuilder mini = ComparisonBuilder.candidate("gpt-4.1-mini");
        driver.publish((miniNonInferior ? mini : mini.evidence(40, -0.004, -0.080, 0.070)).at(w));
    }

    @Test
    void anOptimumChangeLinksTheDriftAlertsOfItsTaskAndIsSentOnce() {
        // Given gpt-4.1 in production, gpt-4.1-mini inconclusive
        driver = new AlertDriver(CONFIG, stateDir);
        for (int w = 0; w <= 5; w++) {
            publishWindow(w, 0.918, false);
        }

        // When gpt-4.1's quality drops from window 6, and gpt-4.1-mini is non-inferior from window 7 on
        publishWindow(6, 0.842, false);
        publishWindow(7, 0.842, true);
        publishWindow(8, 0.842, true);
        publishWindow(9, 0.842, true);
        publishWindow(10, 0.842, true);

        // Then the quality drift fired, and the optimum change names it as related
        List<DriftAlert> alerts = driver.alerts();
        assertThat(alerts).extracting(DriftAlert::type)
                .containsExactly(AlertType.QUALITY_DRIFT, AlertType.OPTIMAL_MODEL_CHANGED);
        DriftAlert change = alerts.get(1);
        assertThat(change.window()).isEqualTo(window(8));
        assertThat(change.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(change.evidence().toModel()).isEqualTo("gpt-4.1-mini");
        assertThat(change.evidence().details()).containsEntry("related_alerts",
                List.of("QUALITY_DRIFT/support/summarize-ticket/gpt-4.1"));
    }
}
