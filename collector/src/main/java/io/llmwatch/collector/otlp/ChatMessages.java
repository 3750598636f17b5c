package io.llmwatch.collector.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import io.llmwatch.openai.OutputText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates GenAI message content into the OpenAI chat shape that llmwatch records in
 * {@code request.messages} (so that a call can be replayed against any OpenAI-compatible endpoint)
 * and into {@code output_text} / {@code finish_reason}.
 *
 * <p>Two sources: the current conventions' {@code gen_ai.system_instructions},
 * {@code gen_ai.input.messages} and {@code gen_ai.output.messages} ({@code role} + typed
 * {@code parts}), and the deprecated per-message span events ({@code gen_ai.user.message},
 * {@code gen_ai.choice}, …) whose body arrives either as the event's attributes or as a JSON string
 * in {@code gen_ai.event.content}. Text, tool calls and tool results are translated; multimodal
 * parts (blob, file, uri) and reasoning parts are not, and a message left without content is dropped.
 */
final class ChatMessages {

    /** What the model answered: the first choice's output text ({@link OutputText}) and why it stopped. */
    record Output(String text, String finishReason) {
    }

    static final String CHOICE_EVENT = "gen_ai.choice";
    private static final Map<String, String> MESSAGE_EVENTS = Map.of(
            "gen_ai.system.message", "system",
            "gen_ai.user.message", "user",
            "gen_ai.assistant.message", "assistant",
            "gen_ai.tool.message", "tool");
    private static final String EVENT_CONTENT = "gen_ai.event.content";

    private ChatMessages() {
    }

    /** OpenAI chat messages from {@code gen_ai.system_instructions} and {@code gen_ai.input.messages}. */
    static ArrayNode fromInput(JsonNode systemInstructions, JsonNode inputMessages) {
        ArrayNode messages = Json.mapper().createArrayNode();
        if (systemInstructions != null) {
            String text = systemInstructions.isTextual() ? systemInstructions.asText() : texts(systemInstructions);
            if (text != null) {
                messages.addObject().put("role", "system").put("content", text);
            }
        }
        if (inputMessages != null && inputMessages.isArray()) {
            for (JsonNode message : inputMessages) {
                addMessage(messages, message);
            }
        }
        return messages;
    }

    /** The first choice of {@code gen_ai.output.messages}. */
    static Output fromOutput(JsonNode outputMessages) {
        if (outputMessages == null || !outputMessages.isArray() || outputMessages.isEmpty()) {
            return new Output(null, null);
        }
        JsonNode first = outputMessages.get(0);
        JsonNode parts = first.path("parts");
        List<String> arguments = new ArrayList<>();
        for (JsonNode part : parts) {
            if ("tool_call".equals(part.path("type").asText())) {
                arguments.add(asText(part.get("arguments")));
            }
        }
        return new Output(OutputText.of(texts(parts), arguments, null), textOrNull(first.get("finish_reason")));
    }

    /** OpenAI chat messages from the deprecated {@code gen_ai.*.message} span events, in event order. */
    static ArrayNode fromMessageEvents(List<OtlpSpan.Event> events) {
        ArrayNode messages = Json.mapper().createArrayNode();
        for (OtlpSpan.Event event : events) {
            String role = MESSAGE_EVENTS.get(event.name());
            if (role == null) {
                continue;
            }
            JsonNode body = body(event);
            ObjectNode message = Json.mapper().createObjectNode();
            message.put("role", body.path("role").asText(role));
            JsonNode content = body.get("content");
            if (content != null && !content.isNull()) {
                message.set("content", content.isTextual() || content.isArray() ? content : message.textNode(asText(content)));
            }
            if (body.path("tool_calls").isArray()) {
                message.set("tool_calls", openAiToolCalls(body.get("tool_calls")));
            }
            if ("tool".equals(role) && body.hasNonNull("id")) {
                message.put("tool_call_id", body.get("id").asText());
            }
            if (message.has("content") || message.has("tool_calls")) {
                messages.add(message);
            }
        }
        return messages;
    }

    /** The first choice among the deprecated {@code gen_ai.choice} span events. */
    static Output fromChoiceEvents(List<OtlpSpan.Event> events) {
        for (OtlpSpan.Event event : events) {
            if (!CHOICE_EVENT.equals(event.name())) {
                continue;
            }
            JsonNode body = body(event);
            if (body.path("index").asInt(0) != 0) {
                continue;
            }
            JsonNode message = body.path("message");
            JsonNode toolCalls = body.has("tool_calls") ? body.get("tool_calls") : message.get("tool_calls");
            List<String> arguments = new ArrayList<>();
            if (toolCalls != null && toolCalls.isArray()) {
                toolCalls.forEach(call -> arguments.add(asText(call.path("function").get("arguments"))));
            }
            return new Output(OutputText.of(content(message.get("content")), arguments, null),
                    textOrNull(body.get("finish_reason")));
        }
        return new Output(null, null);
    }

    private static void addMessage(ArrayNode messages, JsonNode message) {
        String role = message.path("role").asText("user");
        JsonNode parts = message.path("parts");
        if ("tool".equals(role)) {
            for (JsonNode part : parts) {
                if ("tool_call_response".equals(part.path("type").asText())) {
                    // Older revisions of the conventions named the field "result".
                    JsonNode response = part.has("response") ? part.get("response") : part.get("result");
                    ObjectNode tool = messages.addObject().put("role", "tool").put("content", asText(response));
                    if (part.hasNonNull("id")) {
                        tool.put("tool_call_id", part.get("id").asText());
                    }
                }
            }
            return;
        }
        ObjectNode out = Json.mapper().createObjectNode().put("role", role);
        List<String> texts = new ArrayList<>();
        ArrayNode toolCalls = Json.mapper().createArrayNode();
        for (JsonNode part : parts) {
            String type = part.path("type").asText();
            if ("text".equals(type)) {
                texts.add(part.path("content").asText());
            } else if ("tool_call".equals(type)) {
                ObjectNode call = toolCalls.addObject();
                if (part.hasNonNull("id")) {
                    call.put("id", part.get("id").asText());
                }
                call.put("type", "function");
                call.putObject("function").put("name", part.path("name").asText()).put("arguments", asText(part.get("arguments")));
            }
        }
        if (texts.size() == 1) {
            out.put("content", texts.get(0));
        } else if (texts.size() > 1) {
            ArrayNode content = out.putArray("content");
            texts.forEach(text -> content.addObject().put("type", "text").put("text", text));
        }
        if (!toolCalls.isEmpty()) {
            out.set("tool_calls", toolCalls);
        }
        if (message.hasNonNull("name")) {
            out.put("name", message.get("name").asText());
        }
        if (out.has("content") || out.has("tool_calls")) {
            messages.add(out);
        }
    }

    /** Tool calls as OpenAI writes them, with arguments as a JSON string. */
    private static ArrayNode openAiToolCalls(JsonNode toolCalls) {
        ArrayNode calls = Json.mapper().createArrayNode();
        for (JsonNode call : toolCalls) {
            if (!call.isObject()) {
                continue;
            }
            ObjectNode copy = call.deepCopy();
            JsonNode function = copy.path("function");
            if (function.isObject() && function.has("arguments") && !function.get("arguments").isTextual()) {
                ((ObjectNode) function).put("arguments", asText(function.get("arguments")));
            }
            calls.add(copy);
        }
        return calls;
    }

    /** The event's body: the JSON in {@code gen_ai.event.content} when present, else its attributes. */
    private static JsonNode body(OtlpSpan.Event event) {
        JsonNode content = event.attributes().json(EVENT_CONTENT);
        return content != null && content.isObject() ? content : event.attributes().values();
    }

    /** The text parts of a parts array, joined by new lines; null when there are none. */
    private static String texts(JsonNode parts) {
        List<String> texts = new ArrayList<>();
        for (JsonNode part : parts) {
            if ("text".equals(part.path("type").asText())) {
                texts.add(part.path("content").asText());
            }
        }
        return texts.isEmpty() ? null : String.join("\n", texts);
    }

    /** Message content that is a string or an OpenAI array of content parts. */
    private static String content(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isArray()) {
            List<String> texts = new ArrayList<>();
            content.forEach(part -> {
                if (part.has("text")) {
                    texts.add(part.get("text").asText());
                }
            });
            return texts.isEmpty() ? null : String.join("\n", texts);
        }
        return asText(content);
    }

    /** A string as it is, anything else as its JSON text. */
    private static String asText(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }

    private static String textOrNull(JsonNode value) {
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
