package io.llmwatch.scorer.judge;

import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.Judgement;
import java.util.concurrent.CompletableFuture;

/** A judge whose model is not configured: every judgement has a null delta and says why. */
record UnavailableJudge(JudgeKind kind, String reason) implements Judge {

    @Override
    public CompletableFuture<Judgement> judge(JudgeInput input) {
        return CompletableFuture.completedFuture(new Judgement(kind.id(), null, null, null, null, null, reason));
    }
}
