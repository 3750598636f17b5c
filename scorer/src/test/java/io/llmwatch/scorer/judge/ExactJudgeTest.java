package io.llmwatch.scorer.judge;

import static io.llmwatch.scorer.judge.Inputs.judged;
import static io.llmwatch.scorer.judge.Inputs.pair;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.Judgement;
import org.junit.jupiter.api.Test;

class ExactJudgeTest {

    private final ExactJudge judge = new ExactJudge();

    @Test
    void the_same_label_written_differently_agrees() {
        Judgement judgement = judged(judge, pair("Billing", "billing", " billing."));
        assertThat(judgement.judge()).isEqualTo("exact");
        assertThat(judgement.candidateScore()).isEqualTo(1.0);
        assertThat(judgement.baselineScore()).isEqualTo(1.0);
        assertThat(judgement.delta()).isZero();
        assertThat(judgement.cost()).isNull();
    }

    @Test
    void a_different_label_loses_a_full_point_against_a_consistent_incumbent() {
        Judgement judgement = judged(judge, pair("Billing", "Billing", "Refund"));
        assertThat(judgement.candidateScore()).isZero();
        assertThat(judgement.delta()).isEqualTo(-1.0);
        assertThat(judgement.explanation()).contains("'refund' vs 'billing'");
    }

    @Test
    void a_nondeterministic_incumbent_does_not_count_against_the_candidate() {
        // the incumbent itself answered differently when replayed: disagreeing with production is what
        // production does too, so the candidate's disagreement costs nothing …
        assertThat(judged(judge, pair("Billing", "Refund", "Refund")).delta()).isZero();
        // … and a candidate that reproduces production beats the incumbent's own replay
        Judgement better = judged(judge, pair("Billing", "Refund", "billing"));
        assertThat(better.delta()).isEqualTo(1.0);
        assertThat(better.baselineScore()).isZero();
    }

    @Test
    void without_a_self_replay_control_there_is_no_delta() {
        Judgement judgement = judged(judge, pair("Billing", null, "billing"));
        assertThat(judgement.delta()).isNull();
        assertThat(judgement.candidateScore()).isEqualTo(1.0);
        assertThat(judgement.explanation()).contains("no self-replay control");
    }

    @Test
    void a_missing_candidate_output_agrees_with_nothing() {
        assertThat(judged(judge, pair("Billing", "Billing", null)).delta()).isEqualTo(-1.0);
    }
}
