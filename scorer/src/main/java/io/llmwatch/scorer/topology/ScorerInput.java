package io.llmwatch.scorer.topology;

import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;

/** What the score processor reads: a call or an evaluation (exactly one of them), keyed by call_id. */
record ScorerInput(LlmCall call, Evaluation evaluation) {

    static ScorerInput of(LlmCall call) {
        return new ScorerInput(call, null);
    }

    static ScorerInput of(Evaluation evaluation) {
        return new ScorerInput(null, evaluation);
    }

    /** The call this record is about: the key it must be partitioned by. */
    String callId() {
        return call != null ? call.callId() : evaluation.callId();
    }
}
