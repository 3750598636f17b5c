package io.llmwatch.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * The {@code chat.completion.chunk}s of a stream as OpenAI writes them, for the fake OpenAI servers of
 * the SDK's and the collector's tests (shared through this module's test-jar).
 */
public final class ChatChunks {

    private ChatChunks() {
    }

    /**
     * Fills {@code base} (the chunk's {@code id}, {@code object}, {@code created}, {@code model}, ... as
     * the server writes them) with one choice: {@code delta} writes the choice's delta, and a null
     * {@code finishReason} is written as JSON null, as OpenAI does until the last content chunk.
     *
     * @param usageField true when the client asked {@code stream_options.include_usage}: OpenAI then
     *                   writes {@code "usage": null} on every chunk before the usage-only one
     * @return {@code base}
     */
    public static ObjectNode chunk(ObjectNode base, boolean usageField, Consumer<ObjectNode> delta, String finishReason) {
        ObjectNode choice = base.putArray("choices").addObject().put("index", 0);
        delta.accept(choice.putObject("delta"));
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (usageField) {
            base.putNull("usage");
        }
        return base;
    }
}
