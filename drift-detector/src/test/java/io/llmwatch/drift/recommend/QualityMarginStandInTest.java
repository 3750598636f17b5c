package io.llmwatch.drift.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.ModelStanding;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityMarginStandInTest {

    private final QualityMarginStandIn standIn = new QualityMarginStandIn();

    /** margin 0.02, max error rate 10 %, p95 limit 2,000 ms. */
    private static TaskConfig settings() {
        return new TaskConfig("support", "summarize-ticket", "gpt-4.1", null, 0.02, null, null, null, null, 2000.0,
                0.10, null, null, null).orElse(TaskConfig.BUILT_IN);
    }

    private static ModelFigures figures(String model, Double costPerCall, Double quality, long qualityN) {
        return new ModelFigures(model, 600, 0, costPerCall == null ? 0 : 600,
                costPerCall == null ? 0 : costPerCall * 600, quality, qualityN, 900.0);
    }

    private static String reason(Choice choice, String model) {
        return choice.standing(model).map(ModelStanding::reason).orElseThrow();
    }

    @Test
    void theCheapestModelWithinTheMarginOfTheBestQualityIsChosen() {
        // Given a strong expensive model, a cheap one within the margin and a cheaper one outside it
        List<ModelFigures> models = List.of(
                figures("gpt-4.1", 0.010, 0.918, 510),
                figures("gpt-4.1-mini", 0.002, 0.900, 480),
                figures("gpt-4.1-nano", 0.0005, 0.850, 450));

        // When the stand-in chooses
        Choice choice = standIn.choose(models, settings());

        // Then the mini is best, the nano ineligible, and every standing says why
        assertThat(choice.best()).isEqualTo("gpt-4.1-mini");
        assertThat(choice.qualityLeader()).isEqualTo("gpt-4.1");
        assertThat(choice.standings()).extracting(ModelStanding::model)
                .containsExactly("gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano");
        assertThat(choice.standings()).extracting(ModelStanding::eligible).containsExactly(true, true, false);
        assertThat(reason(choice, "gpt-4.1-mini"))
                .isEqualTo("cheapest eligible model: quality 0.900 within the 0.02 margin of the best, 0.918");
        assertThat(reason(choice, "gpt-4.1"))
                .isEqualTo("eligible (best quality, 0.918) but gpt-4.1-mini is cheaper");
        assertThat(reason(choice, "gpt-4.1-nano"))
                .isEqualTo("quality 0.850 is more than the 0.02 margin below the best, 0.918 (gpt-4.1)");
        ModelStanding mini = choice.standing("gpt-4.1-mini").orElseThrow();
        assertThat(mini.costPerCall()).isEqualTo(0.002);
        assertThat(mini.qualityN()).isEqualTo(480);
    }

    @Test
    void aModelNeedsEnoughQualityScoresAnAcceptableErrorRateAndLatency() {
        // Given cheap models that each fail one condition, and an expensive one that meets all
        List<ModelFigures> models = List.of(
                figures("reference", 0.010, 0.90, 500),
                figures("unscored", 0.001, null, 0),
                figures("few-scores", 0.001, 0.95, QualityMarginStandIn.MIN_QUALITY_SAMPLES - 1),
                new ModelFigures("flaky", 600, 90, 600, 0.6, 0.95, 500, 900.0),
                new ModelFigures("slow", 600, 0, 600, 0.6, 0.95, 500, 2500.0),
                new ModelFigures("unmeasured-latency", 600, 0, 600, 3.0, 0.90, 500, null));

        // When the stand-in chooses
        Choice choice = standIn.choose(models, settings());

        // Then only the complete models are eligible, and the cheaper of them wins
        assertThat(reason(choice, "unscored")).isEqualTo("no quality scores");
        assertThat(reason(choice, "few-scores")).isEqualTo("too few quality scores (n=19 < 20)");
        assertThat(reason(choice, "flaky")).isEqualTo("error rate 15.0 % above the limit of 10.0 %");
        assertThat(reason(choice, "slow")).isEqualTo("p95 latency 2,500 ms above the limit of 2,000 ms");
        assertThat(choice.eligible("unmeasured-latency")).isTrue();
        assertThat(choice.best()).isEqualTo("unmeasured-latency");
        // the high-quality but unusable models do not raise the bar; equal quality goes to the first name
        assertThat(choice.qualityLeader()).isEqualTo("reference");
        assertThat(choice.eligible("reference")).isTrue();
    }

    @Test
    void anUnpricedModelIsNeverTheCheapest() {
        // Given an eligible model whose cost is unknown next to a priced one
        List<ModelFigures> models = List.of(
                figures("local-llama", null, 0.918, 500),
                figures("gpt-4.1", 0.010, 0.910, 500));

        // When the stand-in chooses
        Choice choice = standIn.choose(models, settings());

        // Then the priced model wins, and the unpriced one is eligible but says its cost is unknown
        assertThat(choice.best()).isEqualTo("gpt-4.1");
        assertThat(choice.eligible("local-llama")).isTrue();
        assertThat(reason(choice, "local-llama")).endsWith("but its cost is unknown");
        assertThat(choice.standing("local-llama").orElseThrow().costPerCall()).isNull();
    }

    @Test
    void withNoEligibleModelPricedTheHighestQualityWins() {
        Choice choice = standIn.choose(List.of(
                figures("a", null, 0.90, 500),
                figures("b", null, 0.91, 500)), settings());

        assertThat(choice.best()).isEqualTo("b");
        assertThat(reason(choice, "b")).startsWith("no eligible model is priced; highest quality");
    }

    @Test
    void equalCostGoesToTheHigherQualityThenToTheName() {
        // Given two models at the same cost per call
        Choice byQuality = standIn.choose(List.of(
                figures("a", 0.002, 0.90, 500),
                figures("b", 0.002, 0.91, 500)), settings());
        Choice byName = standIn.choose(List.of(
                figures("b", 0.002, 0.91, 500),
                figures("a", 0.002, 0.91, 500)), settings());

        // Then the higher quality wins, and on a full tie the first name
        assertThat(byQuality.best()).isEqualTo("b");
        assertThat(reason(byQuality, "a")).endsWith("but b costs the same with higher quality");
        assertThat(byName.best()).isEqualTo("a");
    }

    @Test
    void aQualityExactlyOnTheMarginIsWithinIt() {
        Choice choice = standIn.choose(List.of(
                figures("gpt-4.1", 0.010, 0.92, 500),
                figures("gpt-4.1-mini", 0.002, 0.90, 500)), settings());

        assertThat(choice.best()).isEqualTo("gpt-4.1-mini");
    }

    @Test
    void withoutUsableModelsNothingIsChosen() {
        Choice empty = standIn.choose(List.of(), settings());
        Choice unscored = standIn.choose(List.of(figures("a", 0.001, null, 0)), settings());

        assertThat(empty.best()).isNull();
        assertThat(empty.standings()).isEmpty();
        assertThat(unscored.best()).isNull();
        assertThat(unscored.qualityLeader()).isNull();
        assertThat(unscored.eligible("a")).isFalse();
    }

    @Test
    void theMinimumSampleSizeMustBePositive() {
        assertThatThrownBy(() -> new QualityMarginStandIn(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
