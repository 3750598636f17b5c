package io.llmwatch.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.Usage;
import io.llmwatch.openai.ChatCompletions;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.OutputText;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an Anthropic Messages API answer ({@code POST /v1/messages}) into the same {@link ChatReply}
 * an OpenAI answer reads as: text blocks joined, {@code tool_use} inputs as tool-call arguments under
 * the {@link OutputText} rule, {@code stop_reason} as the finish reason, and the usage below. Errors
 * ({@code {"type": "error", "error": {"type", "message"}}}) have the OpenAI shape's fields and are
 * read by {@link ChatCompletions#error}.
 */
public final class Messages {

    private Messages() {
    }

    /** A {@code message} object. */
    public static ChatReply read(JsonNode message) {
        StringBuilder text = new StringBuilder();
        List<String> toolArguments = new ArrayList<>();
        for (JsonNode block : message.path("content")) {
            String type = block.path("type").asText("");
            if (type.equals("text")) {
                text.append(block.path("text").asText(""));
            } else if (type.equals("tool_use") || type.equals("server_tool_use")) {
                toolArguments.add(block.path("input").toString());
            }
        }
        return new ChatReply(ChatCompletions.text(message.get("model")),
                OutputText.of(text.isEmpty() ? null : text.toString(), toolArguments, null),
                ChatCompletions.text(message.get("stop_reason")), usage(message.get("usage")), null, null);
    }

    /**
     * An Anthropic {@code usage} object as llmwatch's {@link Usage}. Anthropic's {@code input_tokens}
     * counts only the input after the last cache breakpoint; {@code cache_read_input_tokens} and
     * {@code cache_creation_input_tokens} come on top. llmwatch's input includes both (as the
     * OpenTelemetry GenAI conventions say), so the three are added, and the catalog then prices each
     * part at its own rate.
     *
     * @return null when there is no usage object
     */
    public static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return usage(count(usage, "input_tokens"), count(usage, "output_tokens"),
                count(usage, "cache_read_input_tokens"), count(usage, "cache_creation_input_tokens"));
    }

    static Usage usage(Long input, Long output, Long cacheRead, Long cacheCreation) {
        Long total = input == null ? null : input + orZero(cacheRead) + orZero(cacheCreation);
        return new Usage(total, output, cacheRead, cacheCreation, null);
    }

    static Long count(JsonNode usage, String field) {
        JsonNode value = usage.get(field);
        return value != null && value.canConvertToLong() && value.isIntegralNumber() ? value.asLong() : null;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
