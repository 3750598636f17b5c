package io.llmwatch.scorer.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.config.QualityWeights;
import io.llmwatch.event.Scores;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositeTest {

    @Test
    void weights_are_renormalised_over_the_dimensions_present() {
        Scores computed = new Scores(0.0, 1.0, null, null, null, Map.of());

        Scores scores = Composite.combine(computed, Map.of(), QualityWeights.RDAB);

        // (0.50·0 + 0.20·1) / (0.50 + 0.20)
        assertThat(scores.quality()).isCloseTo(0.2 / 0.7, within(1e-9));
    }

    @Test
    void quality_is_absent_when_no_dimension_is_present() {
        assertThat(Composite.combine(Scores.none(), Map.of(), QualityWeights.RDAB).quality()).isNull();
    }

    @Test
    void an_evaluation_wins_over_the_computed_dimension() {
        Scores computed = new Scores(0.2, 1.0, null, null, null, Map.of());

        Scores scores = Composite.combine(computed, Map.of("correctness", 1.0, "rubric", 0.5), QualityWeights.RDAB);

        assertThat(scores.correctness()).isEqualTo(1.0);
        assertThat(scores.rubric()).isEqualTo(0.5);
        assertThat(scores.quality()).isCloseTo((0.5 + 0.2 + 0.15 * 0.5) / 0.85, within(1e-9));
    }

    @Test
    void a_quality_evaluation_sets_the_composite_and_other_names_are_extra() {
        Scores computed = new Scores(0.2, 1.0, null, null, null, Map.of());

        Scores scores = Composite.combine(computed, Map.of("quality", 0.9, "user_feedback", 0.0), QualityWeights.RDAB);

        assertThat(scores.quality()).isEqualTo(0.9);
        assertThat(scores.extra()).containsExactly(Map.entry("user_feedback", 0.0));
    }

    @Test
    void zero_weights_leave_a_dimension_out() {
        QualityWeights formatOnly = new QualityWeights(0.0, 1.0, 0.0, 0.0);

        assertThat(Composite.quality(four(0.0, 0.8, 0.1, null), formatOnly)).isEqualTo(0.8);
        assertThat(Composite.quality(four(0.0, null, 0.1, null), formatOnly)).isNull();
    }

    @Test
    void dimensions_carrying_less_than_half_the_weight_give_no_composite() {
        // format and efficiency are 35 % of RDAB's weight: the grade (correctness) is still missing
        assertThat(Composite.quality(four(null, 1.0, 1.0, null), QualityWeights.RDAB)).isNull();
        // with correctness they carry 85 %
        assertThat(Composite.quality(four(0.6, 1.0, 1.0, null), QualityWeights.RDAB)).isCloseTo((0.3 + 0.2 + 0.15) / 0.85, within(1e-9));
    }

    @Test
    void any_named_dimension_enters_the_composite_with_its_weight() {
        QualityWeights team = new QualityWeights(Map.of("correctness", 0.5, "tone", 0.3, "groundedness", 0.2));
        Scores computed = new Scores(1.0, 1.0, 0.4, null, null, Map.of());

        Scores scores = Composite.combine(computed, Map.of("tone", 0.5, "groundedness", 0.0, "user_feedback", 1.0), team);

        // format and efficiency are measured but carry no weight here; user_feedback is kept, unweighted
        assertThat(scores.quality()).isCloseTo(0.5 * 1.0 + 0.3 * 0.5 + 0.2 * 0.0, within(1e-9));
        assertThat(scores.extra()).containsOnly(Map.entry("tone", 0.5), Map.entry("groundedness", 0.0),
                Map.entry("user_feedback", 1.0));
        assertThat(scores.format()).isEqualTo(1.0);
    }

    @Test
    void a_named_dimension_computed_from_the_call_counts_and_an_evaluation_overrides_it() {
        QualityWeights weights = new QualityWeights(Map.of("correctness", 0.5, "stat_validity", 0.5));
        Scores computed = new Scores(1.0, null, null, null, null, Map.of("stat_validity", 0.2));

        assertThat(Composite.combine(computed, Map.of(), weights).quality()).isCloseTo(0.6, within(1e-9));
        assertThat(Composite.combine(computed, Map.of("stat_validity", 1.0), weights).quality()).isCloseTo(1.0, within(1e-9));
    }

    private static Map<String, Double> four(Double correctness, Double format, Double efficiency, Double rubric) {
        return Composite.dimensions(new Scores(correctness, format, efficiency, rubric, null, Map.of()));
    }
}
