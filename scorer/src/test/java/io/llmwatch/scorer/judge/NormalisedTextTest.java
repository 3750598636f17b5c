package io.llmwatch.scorer.judge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalisedTextTest {

    @Test
    void case_white_space_and_wrapping_punctuation_do_not_matter() {
        assertThat(NormalisedText.of(" Billing.")).isEqualTo("billing");
        assertThat(NormalisedText.of("\"Billing\"")).isEqualTo("billing");
        assertThat(NormalisedText.of("**Billing**")).isEqualTo("billing");
        assertThat(NormalisedText.of("\u201cBilling issue\u201d!")).isEqualTo("billing issue");
        assertThat(NormalisedText.of("billing \n\t issue")).isEqualTo("billing issue");
    }

    @Test
    void unicode_compatibility_forms_compare_as_their_plain_forms() {
        // full-width letters and the "fi" ligature
        assertThat(NormalisedText.same("\uFF22illing", "billing")).isTrue();
        assertThat(NormalisedText.same("\uFB01nance", "finance")).isTrue();
    }

    @Test
    void signs_and_inner_punctuation_are_kept() {
        assertThat(NormalisedText.same("-5", "5")).isFalse();
        assertThat(NormalisedText.same("(a)", "a")).isFalse();
        assertThat(NormalisedText.of("U.S.A.")).isEqualTo("u.s.a");
        assertThat(NormalisedText.same("refund", "refunds")).isFalse();
    }

    @Test
    void null_is_empty() {
        assertThat(NormalisedText.of(null)).isEmpty();
        assertThat(NormalisedText.same(null, " . ")).isTrue();
    }
}
