package io.llmwatch.scorer.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.Cost;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.TaskKey;
import io.llmwatch.event.Usage;
import java.time.Instant;

/**
 * What a replay needs of a production call: the recorded request, production's answer, tokens and
 * cost. Kept in the reservoir and sent over the by-task repartition instead of the whole call.
 *
 * @param model        the model that served the call
 * @param requestModel the model the call asked for
 * @param costUsd      what the call cost, when known
 */
record StoredCall(String callId, Instant callTimestamp, String app, String taskType, String model, String requestModel,
                  String provider, JsonNode request, String outputText, Usage usage, Double costUsd, JsonNode reference) {

    /**
     * The call's replay fields, or null when it cannot be replayed: a replay needs a chat request
     * with messages, production's answer to compare with, and both token counts to project its cost
     * (a failed call has no answer).
     */
    static StoredCall of(LlmCall call, Cost cost) {
        if (!replayable(call)) {
            return null;
        }
        return new StoredCall(call.callId(), call.timestamp(), call.app(), call.taskType(), call.model(),
                call.requestModel(), call.provider(), call.request(), call.outputText(), call.usage(),
                cost != null && cost.known() ? cost.amount() : null, call.reference());
    }

    private static boolean replayable(LlmCall call) {
        JsonNode messages = call.request() == null ? null : call.request().get("messages");
        Usage usage = call.usage();
        return messages != null && messages.isArray() && !messages.isEmpty()
                && !call.failed() && call.outputText() != null
                && usage != null && usage.inputTokens() != null && usage.outputTokens() != null;
    }

    TaskKey task() {
        return new TaskKey(app, taskType);
    }
}
