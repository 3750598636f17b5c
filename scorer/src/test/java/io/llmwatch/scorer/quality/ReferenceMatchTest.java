package io.llmwatch.scorer.quality;

import static io.llmwatch.scorer.CallFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReferenceMatchTest {

    @Test
    void normalised_exact_match_scores_one() {
        assertThat(ReferenceMatch.correctness(json("{\"expected_output\":\"Paris\"}"), "  paris. ")).isEqualTo(1.0);
    }

    @Test
    void a_partial_answer_scores_its_token_f1() {
        // output tokens: the capital is paris (4); expected: paris (1); shared 1 → P 1/4, R 1 → F1 0.4
        assertThat(ReferenceMatch.correctness(json("{\"expected_output\":\"Paris\"}"), "The capital is Paris"))
                .isCloseTo(0.4, within(1e-9));
    }

    @Test
    void a_wrong_or_missing_answer_scores_zero() {
        assertThat(ReferenceMatch.correctness(json("{\"expected_output\":\"Paris\"}"), "Berlin")).isZero();
        assertThat(ReferenceMatch.correctness(json("{\"expected_output\":\"Paris\"}"), null)).isZero();
    }

    @Test
    void structured_expectations_compare_through_their_json_text() {
        assertThat(ReferenceMatch.correctness(json("{\"expected_output\":{\"refund\":true}}"), "{\"refund\": true}"))
                .isEqualTo(1.0);
        assertThat(ReferenceMatch.correctness(json("{\"expected_output\":42}"), "42")).isEqualTo(1.0);
    }

    @Test
    void without_an_expected_output_correctness_is_unmeasured() {
        assertThat(ReferenceMatch.correctness(null, "Paris")).isNull();
        assertThat(ReferenceMatch.correctness(json("{\"labels\":[\"geo\"]}"), "Paris")).isNull();
    }
}
