package io.llmwatch.scorer.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.Judgement;
import org.junit.jupiter.api.Test;

class DeltasTest {

    @Test
    void delta_is_candidate_agreement_minus_control_agreement() {
        Judgement judgement = Deltas.againstControl(JudgeKind.EMBEDDING, new Agreement(0.7, "c"), new Agreement(0.9, "k"),
                null, null);
        assertThat(judgement.delta()).isCloseTo(-0.2, within(1e-12));
        assertThat(judgement.candidateScore()).isEqualTo(0.7);
        assertThat(judgement.baselineScore()).isEqualTo(0.9);
    }

    @Test
    void deltas_are_clamped_to_plus_minus_one() {
        assertThat(Deltas.clamp(1.3)).isEqualTo(1.0);
        assertThat(Deltas.clamp(-7)).isEqualTo(-1.0);
        assertThat(Deltas.clamp(0.25)).isEqualTo(0.25);
    }

    @Test
    void agreements_outside_zero_to_one_are_refused() {
        assertThatThrownBy(() -> new Agreement(1.2, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Agreement(Double.NaN, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agreements_print_with_two_decimals() {
        assertThat(new Agreement(2.0 / 3, "2/3 fields")).hasToString("0.67 (2/3 fields)");
        assertThat(new Agreement(1, "same answer")).hasToString("1.00 (same answer)");
        assertThat(new Agreement(0.05, "x")).hasToString("0.05 (x)");
        assertThat(new Agreement(0, "x")).hasToString("0.00 (x)");
    }
}
