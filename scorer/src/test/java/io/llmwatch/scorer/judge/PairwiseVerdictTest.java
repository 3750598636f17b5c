package io.llmwatch.scorer.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PairwiseVerdictTest {

    @Test
    void a_well_formed_verdict() {
        assertThat(PairwiseVerdict.parse(" {\"winner\":\"A\",\"confidence\":0.75,\"reason\":\"complete\"}\n"))
                .isEqualTo(new PairwiseVerdict("A", 0.75, "complete"));
        assertThat(PairwiseVerdict.parse("{\"winner\":\"tie\",\"confidence\":1}"))
                .isEqualTo(new PairwiseVerdict("tie", 1, ""));
    }

    @Test
    void anything_else_is_refused_with_the_reason() {
        assertThatThrownBy(() -> PairwiseVerdict.parse("```json\n{\"winner\":\"A\",\"confidence\":1}\n```"))
                .hasMessageContaining("not one JSON object");
        assertThatThrownBy(() -> PairwiseVerdict.parse("{\"winner\":\"A\",\"confidence\":1} I chose A"))
                .hasMessageContaining("not one JSON object");
        assertThatThrownBy(() -> PairwiseVerdict.parse("[\"A\"]")).hasMessageContaining("not one JSON object");
        assertThatThrownBy(() -> PairwiseVerdict.parse("{\"winner\":\"a\",\"confidence\":1}")).hasMessageContaining("winner");
        assertThatThrownBy(() -> PairwiseVerdict.parse("{\"winner\":\"Tie\",\"confidence\":1}")).hasMessageContaining("winner");
        assertThatThrownBy(() -> PairwiseVerdict.parse("{\"confidence\":1}")).hasMessageContaining("winner");
        assertThatThrownBy(() -> PairwiseVerdict.parse("{\"winner\":\"B\",\"confidence\":\"high\"}"))
                .hasMessageContaining("confidence");
        assertThatThrownBy(() -> PairwiseVerdict.parse("{\"winner\":\"B\",\"confidence\":1.5}")).hasMessageContaining("confidence");
        assertThatThrownBy(() -> PairwiseVerdict.parse("{\"winner\":\"B\"}")).hasMessageContaining("confidence");
        assertThatThrownBy(() -> PairwiseVerdict.parse("{\"winner\":\"B\",\"confidence\":1,\"reason\":[]}"))
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> PairwiseVerdict.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> PairwiseVerdict.parse(null)).hasMessageContaining("empty");
    }
}
