package io.llmwatch.scorer.sample;

import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.ReplayRequest;

/** What the by-task replay processor emits: a replay request, or a campaign record it rejects (exactly one). */
record TaskOutput(ReplayRequest request, DeadLetter deadLetter) {

    static TaskOutput of(ReplayRequest request) {
        return new TaskOutput(request, null);
    }

    static TaskOutput of(DeadLetter deadLetter) {
        return new TaskOutput(null, deadLetter);
    }
}
