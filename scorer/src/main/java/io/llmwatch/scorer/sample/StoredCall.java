package io.llmwatch.scorer.sample;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.Cost;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.TaskKey;
import io.llmwatch.event.Usage;
import io.llmwatch.wire.ProviderApi;
import java.time.Instant;

/**
 * What a replay needs of a production call: the recorded request, production's answer, tokens and
 * cost. Kept in the reservoir and sent over the by-task repartition instead of the whole call.
 *
 * @param model        the model that served the call
 * @param requestModel the model the call asked for
 * @param costUsd      what the call cost, when known
 * @param api          the API the call was made with ({@link ProviderApi#id()}); null = chat completions
 */
record StoredCall(String callId, Instant callTimestamp, String app, String taskType, String model, String requestModel,
                  String provider, JsonNode request, String outputText, Usage usage, Double costUsd, JsonNode reference,
                  String api) {


    /**
     * The call's replay fields, or null when it cannot be replayed: a replay needs a request of an
     * API llmwatch knows, with a prompt (messages, or a Responses input), production's answer to compare with, and both token counts to project its cost
     * (a failed call has no answer).
     */
    static StoredCall of(LlmCall call, Cost cost) {
        if (!replayable(call)) {
            return null;
        }
        return new StoredCall(call.callId(), call.timestamp(), call.app(), call.taskType(), call.model(),
                call.requestModel(), call.provider(), call.request(), call.outputText(), call.usage(),
                cost != null && cost.known() ? cost.amount() : null, call.reference(), call.attributes().get(ProviderApi.CALL_ATTRIBUTE));
    }

    private static boolean replayable(LlmCall call) {
        Usage usage = call.usage();
        return ProviderApi.ofCallAttribute(call.attributes().get(ProviderApi.CALL_ATTRIBUTE)).filter(api -> api.hasPrompt(call.request()))
                .isPresent()
                && !call.failed() && call.outputText() != null
                && usage != null && usage.inputTokens() != null && usage.outputTokens() != null;
    }

    /** The API to replay in; chat completions for a call that names none. */
    ProviderApi wireApi() {
        return ProviderApi.ofCallAttribute(api).orElse(ProviderApi.CHAT_COMPLETIONS);
    }

    TaskKey task() {
        return new TaskKey(app, taskType);
    }
}
