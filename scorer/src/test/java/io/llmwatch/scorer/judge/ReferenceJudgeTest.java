package io.llmwatch.scorer.judge;

import static io.llmwatch.scorer.judge.Inputs.judged;
import static io.llmwatch.scorer.judge.Inputs.withReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.Judgement;
import org.junit.jupiter.api.Test;

class ReferenceJudgeTest {

    private final ReferenceJudge judge = new ReferenceJudge();

    @Test
    void candidate_right_and_production_wrong_is_plus_one() {
        Judgement judgement = judged(judge, withReference("\"Billing\"", "Refund", "billing."));
        assertThat(judgement.judge()).isEqualTo("reference");
        assertThat(judgement.delta()).isEqualTo(1.0);
        assertThat(judgement.candidateScore()).isEqualTo(1.0);
        assertThat(judgement.baselineScore()).isZero();
    }

    @Test
    void candidate_wrong_and_production_right_is_minus_one_and_both_right_is_zero() {
        assertThat(judged(judge, withReference("\"Billing\"", "Billing", "Refund")).delta()).isEqualTo(-1.0);
        assertThat(judged(judge, withReference("\"Billing\"", "BILLING", "billing")).delta()).isZero();
    }

    @Test
    void a_label_gets_no_partial_credit() {
        assertThat(judged(judge, withReference("\"billing issue\"", "billing issue", "billing")).delta()).isEqualTo(-1.0);
    }

    @Test
    void longer_expected_text_is_scored_by_token_f1() {
        String expected = "\"the customer was charged twice for the march invoice\"";
        // production has all 9 words; the candidate 6 of them and nothing else: P 1, R 6/9 → F1 0.8
        Judgement judgement = judged(judge, withReference(expected,
                "The customer was charged twice for the March invoice.", "customer charged twice for march invoice"));
        assertThat(judgement.baselineScore()).isEqualTo(1.0);
        assertThat(judgement.candidateScore()).isCloseTo(0.8, within(1e-12));
        assertThat(judgement.delta()).isCloseTo(-0.2, within(1e-12));
        assertThat(judgement.explanation()).contains("token F1");
    }

    @Test
    void an_object_reference_is_compared_field_by_field() {
        String reference = "{\"intent\":\"billing\",\"priority\":\"high\",\"refund\":true,\"amount\":20}";
        Judgement judgement = judged(judge, withReference(reference,
                "{\"intent\":\"billing\",\"priority\":\"low\",\"refund\":true,\"amount\":20}",
                "not json at all"));
        assertThat(judgement.baselineScore()).isEqualTo(0.75);
        assertThat(judgement.candidateScore()).isZero();
        assertThat(judgement.delta()).isEqualTo(-0.75);
    }

    @Test
    void expected_output_is_read_from_its_key_and_scalars_match_as_json() {
        assertThat(judged(judge, withReference("{\"expected_output\": 42}", "41", "42")).delta()).isEqualTo(1.0);
        assertThat(judged(judge, withReference("{\"expected_output\": \"{\\\"a\\\":1,\\\"b\\\":2}\"}",
                "{\"a\":1,\"b\":2}", "{\"b\":2}")).delta()).isEqualTo(-0.5);
    }

    @Test
    void without_a_reference_there_is_no_delta() {
        Judgement judgement = judged(judge, new JudgeInput(null, "a", null, "b", null));
        assertThat(judgement.delta()).isNull();
        assertThat(judgement.explanation()).contains("no reference");
        assertThat(judged(judge, withReference("{\"expected_output\": null}", "a", "b")).delta()).isNull();
    }
}
