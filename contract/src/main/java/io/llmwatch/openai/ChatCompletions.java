package io.llmwatch.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a non-streamed OpenAI {@code chat.completion} body and the provider's {@code {"error": …}} body. */
public final class ChatCompletions {

    private static final int MAX_ERROR_MESSAGE = 1000;

    private ChatCompletions() {
    }

    /**
     * Reads what a body holds, leniently: a recorder keeps whatever it can (the model and usage of a
     * body without choices, say).
     */
    public static ChatReply read(JsonNode body) {
        if (body == null || !body.isObject()) {
            return ChatReply.EMPTY;
        }
        JsonNode choice = body.path("choices").path(0);
        return new ChatReply(text(body.get("model")), outputText(choice.path("message")), text(choice.get("finish_reason")),
                OpenAiUsage.of(body.get("usage")), OpenAiUsage.cost(body.get("usage")), error(body, null));
    }

    /**
     * Reads a success body strictly, for a client that needs the answer: a body that is not JSON, not
     * an object, or has no {@code choices[0].message} is malformed.
     */
    public static ChatReply parse(byte[] body) throws MalformedResponseException {
        JsonNode root = object(body);
        if (!root.path("choices").path(0).path("message").isObject()) {
            throw new MalformedResponseException("no choices[0].message");
        }
        return read(root);
    }

    /** A success body as a JSON object, whatever the API; else malformed. */
    public static JsonNode object(byte[] body) throws MalformedResponseException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new MalformedResponseException("a body that is not JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedResponseException("a body that is not a JSON object");
        }
        return root;
    }

    /** The output text of an assistant {@code message}, by the {@link OutputText} rule. */
    public static String outputText(JsonNode message) {
        List<String> arguments = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            arguments.add(toolArguments(call));
        }
        return OutputText.of(content(message.get("content")), arguments, text(message.get("refusal")));
    }

    /** The provider's {@code {"error": {...}}}, or a generic one for {@code status} when the body has none. */
    public static CallError error(JsonNode body, Integer status) {
        JsonNode error = body == null ? null : body.get("error");
        if (error == null || error.isNull()) {
            return status == null ? null : new CallError("http_" + status, "the provider answered HTTP " + status);
        }
        if (error.isTextual()) {
            return new CallError(status == null ? "provider_error" : "http_" + status, clip(error.textValue()));
        }
        String type = firstText(error.get("type"), error.get("code"));
        String message = text(error.get("message"));
        return new CallError(type != null ? type : status == null ? "provider_error" : "http_" + status,
                clip(message != null ? message : error.toString()));
    }

    /** A function call's {@code arguments}, or a custom tool call's {@code input}; "" when it has neither. */
    static String toolArguments(JsonNode call) {
        String arguments = text(call.path("function").get("arguments"));
        if (arguments == null) {
            arguments = text(call.path("custom").get("input"));
        }
        return arguments == null ? "" : arguments;
    }

    /** Text content: a string, or the text parts of an array of parts joined. */
    private static String content(JsonNode content) {
        if (content != null && content.isArray()) {
            StringBuilder parts = new StringBuilder();
            content.forEach(part -> parts.append(part.path("text").asText("")));
            return parts.toString();
        }
        return text(content);
    }

    /** The node's string, or null when it is absent or not a string. */
    public static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static String firstText(JsonNode first, JsonNode second) {
        String text = text(first);
        if (text != null && !text.isBlank()) {
            return text;
        }
        if (second != null && (second.isTextual() || second.isNumber())) {
            return second.asText();
        }
        return null;
    }

    private static String clip(String message) {
        return message == null || message.length() <= MAX_ERROR_MESSAGE ? message : message.substring(0, MAX_ERROR_MESSAGE);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int cut = message.indexOf('\n');
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
