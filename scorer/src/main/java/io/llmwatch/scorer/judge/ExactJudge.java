package io.llmwatch.scorer.judge;

import io.llmwatch.event.JudgeKind;

/**
 * The {@code exact} judge, for classification and short extraction: an output agrees with
 * production (1) when both are the same text after {@link NormalisedText} ({@code "Billing"} and
 * {@code " billing."} agree), else not at all (0).
 */
public final class ExactJudge extends AgreementJudge {

    private static final int SHOWN_CHARS = 40;

    @Override
    public JudgeKind kind() {
        return JudgeKind.EXACT;
    }

    @Override
    Agreement agreement(String output, String production) {
        String a = NormalisedText.of(output);
        String b = NormalisedText.of(production);
        return a.equals(b) ? new Agreement(1, "same answer")
                : new Agreement(0, "'" + shown(a) + "' vs '" + shown(b) + "'");
    }

    private static String shown(String text) {
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
    }
}
