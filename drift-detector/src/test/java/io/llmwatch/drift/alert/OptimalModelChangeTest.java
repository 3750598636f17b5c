package io.llmwatch.drift.alert;

import static io.llmwatch.drift.StatsBuilder.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.config.TaskConfig;
import io.llmwatch.drift.ComparisonBuilder;
import io.llmwatch.drift.recommend.Choice;
import io.llmwatch.drift.recommend.ModelFigures;
import io.llmwatch.drift.recommend.PairedEvidence;
import io.llmwatch.event.Comparison;
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

    private static ModelFigures production(String model, Double costPerCall) {
        return new ModelFigures(model, 600, 0, costPerCall == null ? 0 : 600, costPerCall == null ? 0 : costPerCall * 600,
                0.92, 500, null);
    }

    private static OptimalModelChange change(String fromModel, ModelFigures incumbent, Comparison... comparisons) {
        Choice choice = new PairedEvidence().choose(incumbent.model(), incumbent, List.of(comparisons), TaskConfig.BUILT_IN);
        return new OptimalModelChange(TASK, window(2), HORIZON, fromModel, choice, 0.02, 100_000, PairedEvidence.BASIS);
    }

    @Test
    void aBetterCandidateSaysSoWithItsInterval() {
        OptimalModelChange change = change("gpt-4.1", production("gpt-4.1", 0.010),
                ComparisonBuilder.candidate("gpt-4.1-mini").evidence(500, 0.03, 0.01, 0.05).at(2));

        assertThat(change.severity()).isEqualTo(Severity.INFO);
        assertThat(change.summary()).isEqualTo("support/summarize-ticket: gpt-4.1-mini is now better than gpt-4.1"
                + " (Δ +0.030, 95 % CS [+0.010, +0.050], n=500) at 20 % of gpt-4.1's cost per call;"
                + " projected saving $800/month");
    }

    @Test
    void anUnknownCostIsSaidAndNoSavingIsProjected() {
        OptimalModelChange change = change("local-llama", production("local-llama", null),
                ComparisonBuilder.candidate("gpt-4.1-mini").against("local-llama").costs(0.002, null).at(2));

        assertThat(change.projectedMonthlySavings()).isNull();
        assertThat(change.toAlert(Instant.EPOCH).evidence().projectedMonthlySavings()).isNull();
        assertThat(change.summary()).contains("(cost per call of local-llama unknown)").doesNotContain("projected");
    }

    @Test
    void aPreviousOptimumWithoutEvidenceIsAWarning() {
        OptimalModelChange change = change("gpt-4.1-nano", production("gpt-4.1", 0.010),
                ComparisonBuilder.candidate("gpt-4.1-mini").at(2));

        DriftAlert alert = change.toAlert(Instant.EPOCH);
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.summary()).startsWith("support/summarize-ticket: gpt-4.1-mini is now non-inferior to gpt-4.1")
                .contains("replacing gpt-4.1-nano (no evidence about it in the last 3 h)");
        assertThat(alert.evidence().costPerCallBefore()).isNull();
    }

    @Test
    void theAlertIdDependsOnlyOnTheTaskAndTheWindow() {
        assertThat(OptimalModelChange.alertId(TASK, window(2))).isEqualTo(OptimalModelChange.alertId(TASK, window(2)))
                .isNotEqualTo(OptimalModelChange.alertId(TASK, window(3)))
                .isNotEqualTo(OptimalModelChange.alertId(new TaskKey("support", "triage"), window(2)));
    }
}
