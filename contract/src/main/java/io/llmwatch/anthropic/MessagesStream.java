package io.llmwatch.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Usage;
import io.llmwatch.openai.ChatCompletions;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.OutputText;
import io.llmwatch.openai.ReplyStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles an Anthropic Messages stream into the {@link ChatReply} the unstreamed answer reads as
 * ({@link Messages#read}): {@code message_start} carries the model and the input usage,
 * {@code content_block_start} and {@code content_block_delta} the text ({@code text_delta}) and the
 * tool inputs ({@code input_json_delta}, per block index), {@code message_delta} the stop reason
 * and the output usage (each count there replaces the one before: they are cumulative), and an
 * {@code error} event the error. Every event reaches the caller. Used by one thread.
 */
public final class MessagesStream implements ReplyStream {

    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, StringBuilder> toolInputs = new TreeMap<>();
    private String model;
    private String stopReason;
    private Long input;
    private Long output;
    private Long cacheRead;
    private Long cacheCreation;
    private CallError error;
    private boolean content;

    @Override
    public boolean accept(String data) {
        JsonNode event = ReplyStream.object(data);
        if (event == null) {
            return false;
        }
        switch (event.path("type").asText("")) {
            case "message_start" -> {
                JsonNode message = event.path("message");
                model = ChatCompletions.text(message.get("model"));
                usage(message.path("usage"));
            }
            case "content_block_start" -> {
                JsonNode block = event.path("content_block");
                String type = block.path("type").asText("");
                if (type.equals("tool_use") || type.equals("server_tool_use")) {
                    toolInputs.put(event.path("index").asInt(0), new StringBuilder());
                    content = true;
                }
            }
            case "content_block_delta" -> delta(event.path("index").asInt(0), event.path("delta"));
            case "message_delta" -> {
                String reason = ChatCompletions.text(event.path("delta").get("stop_reason"));
                if (reason != null) {
                    stopReason = reason;
                }
                usage(event.path("usage"));
            }
            case "error" -> error = ChatCompletions.error(event, null);
            default -> {
                // ping, content_block_stop, message_stop, and event types added later
            }
        }
        return false;
    }

    private void delta(int index, JsonNode delta) {
        String type = delta.path("type").asText("");
        if (type.equals("text_delta")) {
            String piece = delta.path("text").asText("");
            text.append(piece);
            content |= !piece.isEmpty();
        } else if (type.equals("input_json_delta")) {
            toolInputs.computeIfAbsent(index, i -> new StringBuilder()).append(delta.path("partial_json").asText(""));
            content = true;
        }
    }

    private void usage(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        input = latest(input, Messages.count(usage, "input_tokens"));
        output = latest(output, Messages.count(usage, "output_tokens"));
        cacheRead = latest(cacheRead, Messages.count(usage, "cache_read_input_tokens"));
        cacheCreation = latest(cacheCreation, Messages.count(usage, "cache_creation_input_tokens"));
    }

    private static Long latest(Long before, Long now) {
        return now != null ? now : before;
    }

    @Override
    public boolean hasContent() {
        return content;
    }

    @Override
    public ChatReply result() {
        // A tool called without arguments streams no input_json_delta: its input is {}.
        List<String> arguments = toolInputs.values().stream().map(piece -> piece.isEmpty() ? "{}" : piece.toString()).toList();
        Usage usage = input == null && output == null ? null : Messages.usage(input, output, cacheRead, cacheCreation);
        return new ChatReply(model, OutputText.ofStreamed(text, arguments, ""), stopReason, usage, null, error);
    }
}
