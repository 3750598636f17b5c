package io.llmwatch.scorer.judge;

import io.llmwatch.event.Cost;
import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.Judgement;
import io.llmwatch.event.Usage;

/**
 * The paired delta of the reference-free judges ({@code exact}, {@code json}, {@code embedding}):
 * d = agreement(candidate, production) − agreement(self-replay, production), clamped to [-1, 1].
 * The incumbent does not agree perfectly with itself (sampling temperature, provider
 * nondeterminism), so 0 means "as consistent with production as production is with itself", and a
 * candidate is not blamed for variation the incumbent shows too.
 */
final class Deltas {

    static final String NO_CONTROL = "no self-replay control (the incumbent's own replay is missing or failed), so the "
            + "candidate's agreement with production cannot be told apart from production's own variation";

    private Deltas() {
    }

    static double clamp(double delta) {
        return Math.max(-1, Math.min(1, delta));
    }

    /**
     * The judgement of a reference-free judge.
     *
     * @param control the self-replay's agreement with production; null when there is no control,
     *                which leaves the delta null
     */
    static Judgement againstControl(JudgeKind kind, Agreement candidate, Agreement control, Cost cost, Usage usage) {
        if (control == null) {
            return new Judgement(kind.id(), null, candidate.score(), null, cost, usage,
                    NO_CONTROL + "; candidate agrees with production " + candidate);
        }
        return new Judgement(kind.id(), clamp(candidate.score() - control.score()), candidate.score(), control.score(),
                cost, usage, "candidate agrees with production " + candidate + ", self-replay " + control);
    }
}
