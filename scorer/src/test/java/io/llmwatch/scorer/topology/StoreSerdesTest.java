package io.llmwatch.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.Cost;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Scores;
import io.llmwatch.event.Usage;
import io.llmwatch.scorer.quality.RollingMean;
import io.llmwatch.scorer.quality.TaskBudget;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The binary forms of the score processor's state round-trip. */
class StoreSerdesTest {

    private static final Instant T = Instant.parse("2026-03-02T10:00:00.123456789Z");

    @Test
    void a_call_entry_round_trips_with_its_scored_call_computed_dimensions_and_evaluations() {
        ScoredCall scored = new ScoredCall(ScoredCall.SCHEMA, "c", T, "shop", "summarize", "prod", "trace", null,
                "openai", "gpt-4.1", "gpt-4.1-2025-04-14", "stop", Usage.of(1_000, 100), 420.0, null,
                Cost.local(0.0123, "test"), null, new Scores(0.5, 1.0, null, null, 0.7, Map.of("user_feedback", 1.0)),
                Map.of("tenant", "t1"));
        CallState state = new CallState(ScoredCallJson.of(scored), new Scores(0.5, 1.0, null, null, null, Map.of()),
                Map.of("correctness", new CallState.EvaluationScore(0.5, T), "user_feedback", new CallState.EvaluationScore(1.0, T)));

        CallEntry copy = roundTrip(new CallEntry(1_234L, state));

        assertThat(copy.since()).isEqualTo(1_234L);
        assertThat(copy.state().scored().call()).isEqualTo(scored);
        assertThat(copy.state().computed()).isEqualTo(state.computed());
        assertThat(copy.state().evaluations()).isEqualTo(state.evaluations());
    }

    @Test
    void a_pending_entry_without_call_round_trips() {
        CallState pending = CallState.pending(new Evaluation(Evaluation.SCHEMA, "c", T, "quality", 0.25, null, null, "test"));

        CallEntry copy = roundTrip(new CallEntry(5L, pending));

        assertThat(copy.state().hasCall()).isFalse();
        assertThat(copy.state().computed()).isNull();
        assertThat(copy.state().evaluationScores()).containsExactly(Map.entry("quality", 0.25));
    }

    @Test
    void a_task_budget_round_trips() {
        TaskBudget budget = new TaskBudget(new RollingMean(21, 1_234.5), new RollingMean(3, 0.0042));
        TaskBudgetSerde serde = new TaskBudgetSerde();

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", budget))).isEqualTo(budget);
    }

    private static CallEntry roundTrip(CallEntry entry) {
        CallEntrySerde serde = new CallEntrySerde();
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", entry));
    }
}
