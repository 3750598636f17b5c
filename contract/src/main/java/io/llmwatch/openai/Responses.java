package io.llmwatch.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OpenAI Responses API answer ({@code POST /v1/responses}, a {@code response} object) into
 * the same {@link ChatReply} a chat completion reads as: the {@code output_text} parts of its
 * {@code message} items joined, {@code refusal} parts as the refusal, {@code function_call} (and
 * {@code custom_tool_call}) items as tool calls, all under the {@link OutputText} rule; the usage by
 * {@link OpenAiUsage}; the finish reason is the response's {@code status}, or the reason it is
 * {@code incomplete} ({@code max_output_tokens}, {@code content_filter}).
 */
public final class Responses {

    private Responses() {
    }

    /** A {@code response} object. */
    public static ChatReply read(JsonNode response) {
        StringBuilder text = new StringBuilder();
        StringBuilder refusal = new StringBuilder();
        List<String> toolArguments = new ArrayList<>();
        for (JsonNode item : response.path("output")) {
            switch (item.path("type").asText("")) {
                case "message" -> {
                    for (JsonNode part : item.path("content")) {
                        String type = part.path("type").asText("");
                        if (type.equals("output_text")) {
                            text.append(part.path("text").asText(""));
                        } else if (type.equals("refusal")) {
                            refusal.append(part.path("refusal").asText(""));
                        }
                    }
                }
                case "function_call" -> toolArguments.add(item.path("arguments").asText(""));
                case "custom_tool_call" -> toolArguments.add(item.path("input").asText(""));
                default -> {
                    // reasoning summaries, built-in tool calls (web search, file search …): not output text
                }
            }
        }
        String status = ChatCompletions.text(response.get("status"));
        String incomplete = ChatCompletions.text(response.path("incomplete_details").get("reason"));
        JsonNode error = response.get("error");
        return new ChatReply(ChatCompletions.text(response.get("model")),
                OutputText.of(text.isEmpty() ? null : text.toString(), toolArguments,
                        refusal.isEmpty() ? null : refusal.toString()),
                incomplete != null ? incomplete : status, OpenAiUsage.of(response.get("usage")), null,
                error == null || error.isNull() ? null : ChatCompletions.error(response, null));
    }
}
