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

        assertThat(Composite.quality(0.0, 0.8, 0.1, null, formatOnly)).isEqualTo(0.8);
        assertThat(Composite.quality(0.0, null, 0.1, null, formatOnly)).isNull();
    }

    @Test
    void dimensions_carrying_less_than_half_the_weight_give_no_composite() {
        // format and efficiency are 35 % of RDAB's weight: the grade (correctness) is still missing
        assertThat(Composite.quality(null, 1.0, 1.0, null, QualityWeights.RDAB)).isNull();
        // with correctness they carry 85 %
        assertThat(Composite.quality(0.6, 1.0, 1.0, null, QualityWeights.RDAB)).isCloseTo((0.3 + 0.2 + 0.15) / 0.85, within(1e-9));
    }
}
