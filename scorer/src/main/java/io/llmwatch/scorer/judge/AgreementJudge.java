package io.llmwatch.scorer.judge;

import io.llmwatch.event.Judgement;
import java.util.concurrent.CompletableFuture;

/**
 * A reference-free judge whose agreement is computed in place, without a model: the delta is the
 * candidate's agreement with production minus the self-replay's (see {@link Deltas}).
 */
abstract class AgreementJudge implements Judge {

    /** How closely {@code output} agrees with {@code production}; a null output agrees with nothing but another. */
    abstract Agreement agreement(String output, String production);

    @Override
    public final CompletableFuture<Judgement> judge(JudgeInput input) {
        Agreement candidate = agreement(input.candidate(), input.production());
        Agreement control = input.control() == null ? null : agreement(input.control(), input.production());
        return CompletableFuture.completedFuture(Deltas.againstControl(kind(), candidate, control, null, null));
    }
}
