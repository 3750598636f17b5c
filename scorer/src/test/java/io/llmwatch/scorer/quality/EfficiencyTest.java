package io.llmwatch.scorer.quality;

import static io.llmwatch.scorer.CallFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.Cost;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EfficiencyTest {

    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void rdab_token_score_is_one_up_to_the_budget_and_zero_at_twice_the_budget() {
        assertThat(Efficiency.budgetScore(500, 1_000)).isEqualTo(1.0);
        assertThat(Efficiency.budgetScore(1_000, 1_000)).isEqualTo(1.0);
        assertThat(Efficiency.budgetScore(1_500, 1_000)).isEqualTo(0.5);
        assertThat(Efficiency.budgetScore(2_000, 1_000)).isEqualTo(0.0);
        assertThat(Efficiency.budgetScore(608_861, 30_000)).isEqualTo(0.0);
    }

    @Test
    void a_configured_token_budget_scores_from_the_first_call() {
        LlmCall call = call("c", T).withUsage(Usage.of(1_200, 300)).build();

        assertThat(Efficiency.of(call, Cost.unknown("x"), 1_000L, TaskBudget.EMPTY)).isEqualTo(0.5);
    }

    @Test
    void without_a_configured_budget_nothing_is_scored_during_warm_up() {
        TaskBudget budget = TaskBudget.EMPTY;
        LlmCall typical = call("c", T).withUsage(Usage.of(800, 200)).build();
        for (int i = 0; i < RollingMean.WARM_UP - 1; i++) {
            budget = budget.add(typical, Cost.local(0.01, "test"));
        }

        assertThat(Efficiency.of(typical, Cost.local(0.01, "test"), null, budget)).isNull();

        budget = budget.add(typical, Cost.local(0.01, "test"));
        assertThat(Efficiency.of(typical, Cost.local(0.01, "test"), null, budget)).isEqualTo(1.0);
    }

    @Test
    void tokens_and_cost_are_scored_against_the_rolling_means_and_averaged() {
        TaskBudget budget = warmBudget(1_000, 0.01);
        LlmCall spiral = call("c", T).withUsage(Usage.of(1_300, 200)).build();

        // tokens 1500 vs 1000 → 0.5; cost 0.0125 vs 0.01 → 0.75
        assertThat(Efficiency.of(spiral, Cost.local(0.0125, "test"), null, budget)).isCloseTo(0.625, within(1e-9));
        assertThat(Efficiency.of(spiral, Cost.unknown("unknown model"), null, budget)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void a_failed_call_is_halved_and_left_out_of_the_budget() {
        TaskBudget budget = warmBudget(1_000, 0.01);
        LlmCall failed = call("c", T).withUsage(Usage.of(100, 0)).failed("timeout").build();

        assertThat(Efficiency.of(failed, Cost.local(0.001, "test"), null, budget)).isEqualTo(0.5);
        assertThat(budget.add(failed, Cost.local(0.001, "test"))).isEqualTo(budget);
    }

    @Test
    void unknown_usage_leaves_efficiency_unmeasured() {
        LlmCall call = call("c", T).withUsage(null).build();

        assertThat(Efficiency.of(call, Cost.unknown("no usage"), 1_000L, TaskBudget.EMPTY)).isNull();
    }

    @Test
    void the_rolling_mean_is_exact_during_warm_up_then_follows_drift() {
        RollingMean mean = RollingMean.EMPTY;
        for (int i = 1; i <= RollingMean.WARM_UP; i++) {
            mean = mean.add(i);
        }
        assertThat(mean.mean()).isCloseTo(10.5, within(1e-9));
        assertThat(mean.ready()).isTrue();

        RollingMean drifted = mean.add(110.5);
        assertThat(drifted.mean()).isCloseTo(10.5 + 100.0 / RollingMean.WARM_UP, within(1e-9));
    }

    private static TaskBudget warmBudget(long tokens, double cost) {
        TaskBudget budget = TaskBudget.EMPTY;
        LlmCall typical = call("w", T).withUsage(Usage.of(tokens - 200, 200)).build();
        for (int i = 0; i < RollingMean.WARM_UP; i++) {
            budget = budget.add(typical, Cost.local(cost, "test"));
        }
        return budget;
    }
}
