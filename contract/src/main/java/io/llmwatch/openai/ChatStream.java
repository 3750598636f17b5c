package io.llmwatch.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Cost;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles a streamed chat completion chunk by chunk into the {@link ChatReply} the same answer
 * unstreamed would read as: the text, refusal and tool-call argument deltas of the first choice (per
 * tool-call index), its finish reason, the model, an error event, and the usage of the final chunk,
 * whose {@code choices} is empty. Used by one thread.
 */
public final class ChatStream implements ReplyStream {

    /** The data of the event that ends an OpenAI stream. */
    public static final String DONE = "[DONE]";

    private final StringBuilder text = new StringBuilder();
    private final StringBuilder refusal = new StringBuilder();
    private final Map<Integer, StringBuilder> toolArguments = new TreeMap<>();
    private String model;
    private String finishReason;
    private Usage usage;
    private Cost cost;
    private CallError error;
    private boolean content;

    /**
     * Takes one server-sent event's data; {@value #DONE}, keep-alives and data that is not a JSON
     * object are skipped.
     *
     * @return true when the chunk only carries usage (empty {@code choices}): the one a caller that
     *         did not ask for usage must not see
     */
    @Override
    public boolean accept(String data) {
        if (data == null || data.trim().equals(DONE)) {
            return false;
        }
        try {
            return accept(Json.mapper().readTree(data));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Takes one chunk.
     *
     * @return true when the chunk only carries usage (empty {@code choices})
     */
    public boolean accept(JsonNode chunk) {
        if (chunk == null || !chunk.isObject()) {
            return false;
        }
        if (chunk.hasNonNull("error")) {
            error = ChatCompletions.error(chunk, null);
        }
        String chunkModel = ChatCompletions.text(chunk.get("model"));
        if (chunkModel != null && !chunkModel.isEmpty()) {
            model = chunkModel;
        }
        if (chunk.hasNonNull("usage")) {
            usage = OpenAiUsage.of(chunk.get("usage"));
            cost = OpenAiUsage.cost(chunk.get("usage"));
        }
        JsonNode choices = chunk.get("choices");
        if (choices == null || !choices.isArray()) {
            return false;
        }
        if (choices.isEmpty()) {
            return chunk.hasNonNull("usage");
        }
        for (JsonNode choice : choices) {
            if (choice.path("index").asInt(0) == 0) {
                choice(choice);
            }
        }
        return false;
    }

    private void choice(JsonNode choice) {
        JsonNode delta = choice.path("delta");
        content |= append(text, ChatCompletions.text(delta.get("content")));
        content |= append(refusal, ChatCompletions.text(delta.get("refusal")));
        for (JsonNode call : delta.path("tool_calls")) {
            toolArguments.computeIfAbsent(call.path("index").asInt(0), index -> new StringBuilder())
                    .append(ChatCompletions.toolArguments(call));
            content = true;
        }
        String finish = ChatCompletions.text(choice.get("finish_reason"));
        if (finish != null) {
            finishReason = finish;
        }
    }

    /** Appends a piece; whether it had any content. */
    static boolean append(StringBuilder to, String piece) {
        if (piece == null || piece.isEmpty()) {
            return false;
        }
        to.append(piece);
        return true;
    }

    /** Whether any text, refusal or tool-call piece arrived yet: the first one marks the time to first token. */
    @Override
    public boolean hasContent() {
        return content;
    }

    /** What the stream added up to so far. */
    @Override
    public ChatReply result() {
        String output = OutputText.ofStreamed(text, toolArguments.values(), refusal);
        return new ChatReply(model, output, finishReason, usage, cost, error);
    }
}
