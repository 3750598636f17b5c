package io.llmwatch.drift.alert;

import static io.llmwatch.drift.StatsBuilder.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.config.TaskConfig;
import io.llmwatch.drift.recommend.Choice;
import io.llmwatch.drift.recommend.ModelFigures;
import io.llmwatch.drift.recommend.QualityMarginStandIn;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TaskKey;
import io.llmwatch.event.TimeWindow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimalModelChangeTest {

    private static final TaskKey TASK = new TaskKey("support", "summarize-ticket");
    private static final TimeWindow HORIZON = new TimeWindow(window(0).start(), window(2).end());

    private static ModelFigures figures(String model, Double costPerCall, double quality, long n) {
        return new ModelFigures(model, 600, 0, costPerCall == null ? 0 : 600, costPerCall == null ? 0 : costPerCall * 600,
                quality, n, null);
    }

    private static OptimalModelChange change(String fromModel, ModelFigures from, ModelFigures to, ModelFigures... others) {
        List<ModelFigures> all = new java.util.ArrayList<>(List.of(others));
        all.add(to);
        if (from != null) {
            all.add(from);
        }
        Choice choice = new QualityMarginStandIn().choose(all, TaskConfig.BUILT_IN);
        ModelFigures leader = all.stream().filter(f -> f.model().equals(choice.qualityLeader())).findFirst().orElseThrow();
        return new OptimalModelChange(TASK, window(2), HORIZON, fromModel, from, to, choice, leader, 0.02, 100_000,
                QualityMarginStandIn.BASIS);
    }

    @Test
    void aBetterAndCheaperModelSaysItHasTheBestQuality() {
        OptimalModelChange change = change("gpt-4.1", figures("gpt-4.1", 0.010, 0.92, 500),
                figures("gpt-4.1-mini", 0.002, 0.93, 400));

        assertThat(change.severity()).isEqualTo(Severity.INFO);
        assertThat(change.summary()).isEqualTo("support/summarize-ticket: gpt-4.1-mini now has the best quality"
                + " (0.930 vs 0.920 for gpt-4.1, n=400/500) at 20 % of gpt-4.1's cost per call;"
                + " projected saving $800/month");
    }

    @Test
    void anUnknownCostIsSaidAndNoSavingIsProjected() {
        OptimalModelChange change = change("local-llama", figures("local-llama", null, 0.70, 500),
                figures("gpt-4.1-mini", 0.002, 0.93, 400));

        assertThat(change.projectedMonthlySavings()).isNull();
        assertThat(change.toAlert(Instant.EPOCH).evidence().projectedMonthlySavings()).isNull();
        assertThat(change.summary()).contains("(cost per call of local-llama unknown)").doesNotContain("projected");
    }

    @Test
    void aPreviousOptimumWithoutCallsIsAWarning() {
        OptimalModelChange change = change("gpt-4", null, figures("gpt-4.1-mini", 0.002, 0.93, 400));

        DriftAlert alert = change.toAlert(Instant.EPOCH);
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.summary()).startsWith("support/summarize-ticket: gpt-4 is no longer eligible"
                + " (no calls in the last 3 h); gpt-4.1-mini is now the recommended model");
        assertThat(alert.evidence().fromQuality()).isNull();
        assertThat(alert.evidence().costPerCallBefore()).isNull();
    }

    @Test
    void theAlertIdDependsOnlyOnTheTaskAndTheWindow() {
        assertThat(OptimalModelChange.alertId(TASK, window(2))).isEqualTo(OptimalModelChange.alertId(TASK, window(2)))
                .isNotEqualTo(OptimalModelChange.alertId(TASK, window(3)))
                .isNotEqualTo(OptimalModelChange.alertId(new TaskKey("support", "triage"), window(2)));
    }
}
