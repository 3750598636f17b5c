package io.llmwatch.scorer.judge;

import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.Judgement;
import java.util.concurrent.CompletableFuture;

/**
 * Turns one candidate's replayed output into a paired delta d ∈ [-1, 1] against the incumbent on the
 * same call (docs/architecture.md §5). Never blocks; a judge that cannot decide completes with a judgement whose
 * delta is null and whose explanation says why.
 */
public interface Judge {

    JudgeKind kind();

    CompletableFuture<Judgement> judge(JudgeInput input);
}
