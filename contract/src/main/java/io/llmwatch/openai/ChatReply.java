package io.llmwatch.openai;

import io.llmwatch.event.CallError;
import io.llmwatch.event.Cost;
import io.llmwatch.event.Usage;

/**
 * What a chat completion produced, read from a response body ({@link ChatCompletions}) or assembled
 * from a stream ({@link ChatStream}).
 *
 * @param responseModel the model that answered, as the provider names it
 * @param outputText    by the {@link OutputText} rule
 * @param finishReason  of the first choice
 * @param usage         tokens, with cached input and reasoning output as breakdowns ({@link OpenAiUsage})
 * @param cost          only when the provider reports it (OpenRouter's {@code usage.cost})
 * @param error         the provider's error, for an error body or an error event in a stream
 */
public record ChatReply(String responseModel, String outputText, String finishReason, Usage usage, Cost cost,
                        CallError error) {

    /** Nothing could be read. */
    public static final ChatReply EMPTY = new ChatReply(null, null, null, null, null, null);

    /** A reply that is only an error. */
    public static ChatReply failed(CallError error) {
        return new ChatReply(null, null, null, null, null, error);
    }
}
