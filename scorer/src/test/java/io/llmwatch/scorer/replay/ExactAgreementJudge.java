package io.llmwatch.scorer.replay;

import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.Judgement;
import io.llmwatch.scorer.judge.Judge;
import io.llmwatch.scorer.judge.JudgeInput;
import java.util.concurrent.CompletableFuture;

/**
 * A small real judge for the worker's tests: agreement is exact string equality with production's
 * output, and the delta is the candidate's agreement minus the self-replay control's.
 */
final class ExactAgreementJudge implements Judge {

    @Override
    public JudgeKind kind() {
        return JudgeKind.EXACT;
    }

    @Override
    public CompletableFuture<Judgement> judge(JudgeInput input) {
        double candidate = agrees(input.candidate(), input.production());
        double baseline = agrees(input.control(), input.production());
        return CompletableFuture.completedFuture(
                new Judgement(kind().id(), candidate - baseline, candidate, baseline, null, null, null));
    }

    static double agrees(String output, String production) {
        return output != null && output.equals(production) ? 1 : 0;
    }
}
