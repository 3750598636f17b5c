package io.llmwatch.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.CallError;
import io.llmwatch.json.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles a Responses API stream (typed events: {@code response.created},
 * {@code response.output_text.delta}, {@code response.function_call_arguments.delta},
 * {@code response.completed} …) into the {@link ChatReply} the unstreamed answer reads as. The final
 * {@code response.completed}, {@code response.incomplete} or {@code response.failed} event carries
 * the whole response, usage included, and is read by {@link Responses#read}; the deltas before it
 * mark the first token, and stand in for the answer when the stream breaks off before its end.
 * Every event reaches the caller. Used by one thread.
 */
public final class ResponsesStream implements ReplyStream {

    private final StringBuilder text = new StringBuilder();
    private final StringBuilder refusal = new StringBuilder();
    private final Map<Integer, StringBuilder> toolArguments = new TreeMap<>();
    private String model;
    private ChatReply finished;
    private CallError error;
    private boolean content;

    @Override
    public boolean accept(String data) {
        JsonNode event = ReplyStream.object(data);
        if (event == null) {
            return false;
        }
        String delta = ChatCompletions.text(event.get("delta"));
        switch (event.path("type").asText("")) {
            case "response.created", "response.in_progress" -> model = ChatCompletions.text(event.path("response").get("model"));
            case "response.output_text.delta" -> content |= ChatStream.append(text, delta);
            case "response.refusal.delta" -> content |= ChatStream.append(refusal, delta);
            case "response.function_call_arguments.delta", "response.custom_tool_call_input.delta" -> {
                toolArguments.computeIfAbsent(event.path("output_index").asInt(0), i -> new StringBuilder())
                        .append(delta == null ? "" : delta);
                content = true;
            }
            case "response.completed", "response.incomplete", "response.failed" -> finished = Responses.read(event.path("response"));
            case "error" -> {
                // An error event carries code and message at its top level, beside its own "type": "error".
                ObjectNode detail = event.deepCopy();
                detail.remove("type");
                error = ChatCompletions.error(Json.mapper().createObjectNode().set("error", detail), null);
            }
            default -> {
                // output item and content part boundaries, reasoning, built-in tool progress
            }
        }
        return false;
    }

    @Override
    public boolean hasContent() {
        return content;
    }

    @Override
    public ChatReply result() {
        if (finished != null) {
            return error == null || finished.error() != null ? finished
                    : new ChatReply(finished.responseModel(), finished.outputText(), finished.finishReason(),
                            finished.usage(), finished.cost(), error);
        }
        return new ChatReply(model, OutputText.ofStreamed(text, toolArguments.values(), refusal), null, null, null, error);
    }
}
