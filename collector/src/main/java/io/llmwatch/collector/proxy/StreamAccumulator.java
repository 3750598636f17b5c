package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Cost;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles a streamed chat completion chunk by chunk: the text deltas, the tool-call argument
 * deltas (per tool-call index), the finish reason, and the usage of the final chunk, whose
 * {@code choices} is empty. Used by one relay thread.
 */
final class StreamAccumulator {

    static final String DONE = "[DONE]";

    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, StringBuilder> toolArguments = new TreeMap<>();
    private String model;
    private String finishReason;
    private Usage usage;
    private Cost cost;
    private CallError error;
    private boolean content;

    /**
     * Takes one event's data.
     *
     * @return true when the chunk only carries usage (empty {@code choices}): the one a caller that
     *         did not ask for usage must not see
     */
    boolean accept(String data) {
        if (data == null) {
            return false;
        }
        if (data.trim().equals(DONE)) {
            return false;
        }
        JsonNode chunk;
        try {
            chunk = Json.mapper().readTree(data);
        } catch (IOException e) {
            return false;
        }
        if (chunk == null || !chunk.isObject()) {
            return false;
        }
        if (chunk.hasNonNull("error")) {
            error = ChatResult.error(chunk, null);
        }
        String chunkModel = ChatResult.text(chunk.get("model"));
        if (chunkModel != null && !chunkModel.isEmpty()) {
            model = chunkModel;
        }
        if (chunk.hasNonNull("usage")) {
            usage = ChatResult.usage(chunk.get("usage"));
            cost = ChatResult.cost(chunk.get("usage"));
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
        String piece = ChatResult.text(delta.get("content"));
        if (piece != null && !piece.isEmpty()) {
            text.append(piece);
            content = true;
        }
        for (JsonNode call : delta.path("tool_calls")) {
            String arguments = ChatResult.text(call.path("function").get("arguments"));
            toolArguments.computeIfAbsent(call.path("index").asInt(0), index -> new StringBuilder())
                    .append(arguments == null ? "" : arguments);
            content = true;
        }
        String finish = ChatResult.text(choice.get("finish_reason"));
        if (finish != null) {
            finishReason = finish;
        }
    }

    /** Whether any text or tool-call piece arrived yet: the first one marks the time to first token. */
    boolean hasContent() {
        return content;
    }

    ChatResult result() {
        String output = text.length() > 0 ? text.toString()
                : toolArguments.isEmpty() ? null : String.join("\n", toolArguments.values());
        return new ChatResult(model, output, finishReason, usage, cost, error);
    }
}
