package io.llmwatch.scorer.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import java.io.IOException;

/** Reads an OpenAI chat-completions response body (non-streaming). */
final class ChatResponses {

    private ChatResponses() {
    }

    /**
     * The parts llmwatch keeps of a chat completion.
     *
     * @param outputText the text, or the tool-call arguments when the model called tools
     */
    record Parsed(String model, String outputText, String finishReason, Usage usage) {
    }

    static Parsed parse(byte[] body) throws InvalidResponseException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new InvalidResponseException("a body that is not JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidResponseException("a body that is not a JSON object");
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        if (!message.isObject()) {
            throw new InvalidResponseException("no choices[0].message");
        }
        return new Parsed(text(root.path("model")), output(message), text(choice.path("finish_reason")),
                usage(root.path("usage")));
    }

    /**
     * The assistant's text; with tool calls, the arguments of the one call, or a JSON array of the
     * arguments of several (each parsed when it is JSON); a refusal's text when that is all there is.
     */
    static String output(JsonNode message) {
        JsonNode calls = message.path("tool_calls");
        if (calls.isArray() && !calls.isEmpty()) {
            if (calls.size() == 1) {
                return text(calls.get(0).path("function").path("arguments"));
            }
            ArrayNode all = Json.mapper().createArrayNode();
            calls.forEach(call -> all.add(argumentsNode(call.path("function").path("arguments").asText(""))));
            return all.toString();
        }
        String content = text(message.path("content"));
        if (content == null && message.path("content").isArray()) {
            StringBuilder parts = new StringBuilder();
            message.path("content").forEach(part -> parts.append(part.path("text").asText("")));
            content = parts.toString();
        }
        return content != null ? content : text(message.path("refusal"));
    }

    /** OpenAI usage in llmwatch's (OpenTelemetry's) terms; null when the response has none. */
    static Usage usage(JsonNode usage) {
        if (!usage.isObject()) {
            return null;
        }
        return new Usage(count(usage.path("prompt_tokens")), count(usage.path("completion_tokens")),
                count(usage.path("prompt_tokens_details").path("cached_tokens")), null,
                count(usage.path("completion_tokens_details").path("reasoning_tokens")));
    }

    private static JsonNode argumentsNode(String arguments) {
        try {
            JsonNode parsed = Json.mapper().readTree(arguments);
            return parsed == null ? Json.mapper().getNodeFactory().textNode(arguments) : parsed;
        } catch (IOException e) {
            return Json.mapper().getNodeFactory().textNode(arguments);
        }
    }

    private static Long count(JsonNode node) {
        return node.canConvertToLong() && node.asLong() >= 0 ? node.asLong() : null;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int cut = message.indexOf('\n');
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
