package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Cost;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.Usage;
import java.util.List;

/**
 * What a chat completion produced, read from a response body or assembled from a stream.
 *
 * @param responseModel the model that answered, as the provider names it
 * @param outputText    the assistant's text, or its tool-call arguments when it called tools
 * @param finishReason  of the first choice
 * @param usage         tokens, with cached input and reasoning output as breakdowns (OTel convention)
 * @param cost          only when the provider reports it (OpenRouter's {@code usage.cost}); the scorer
 *                      prices the others from the live catalog
 * @param error         the provider's error, for an error body or an error event in a stream
 */
record ChatResult(String responseModel, String outputText, String finishReason, Usage usage, Cost cost,
                  CallError error) {

    static final ChatResult EMPTY = new ChatResult(null, null, null, null, null, null);
    private static final int MAX_ERROR_MESSAGE = 1000;

    /** A non-streamed {@code chat.completion} body. */
    static ChatResult fromCompletion(JsonNode body) {
        JsonNode choice = body.path("choices").path(0);
        JsonNode message = choice.path("message");
        String output = text(message.get("content"));
        if (output == null) {
            List<String> arguments = message.path("tool_calls").findValuesAsText("arguments");
            output = arguments.isEmpty() ? text(message.get("refusal")) : String.join("\n", arguments);
        }
        return new ChatResult(text(body.get("model")), output, text(choice.get("finish_reason")),
                usage(body.get("usage")), cost(body.get("usage")), error(body, null));
    }

    /** The provider's {@code {"error": {...}}}, or a generic one for {@code status} when the body has none. */
    static CallError error(JsonNode body, Integer status) {
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

    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        Long input = count(usage, "prompt_tokens", "input_tokens");
        Long output = count(usage, "completion_tokens", "output_tokens");
        Long cached = count(usage.path("prompt_tokens_details"), "cached_tokens", null);
        Long reasoning = count(usage.path("completion_tokens_details"), "reasoning_tokens", null);
        // Breakdowns are part of the totals (OpenAI); a provider counting them on top would make the
        // event invalid, so such a breakdown is left out rather than the whole call.
        if (cached != null && (input == null || cached > input)) {
            cached = null;
        }
        if (reasoning != null && (output == null || reasoning > output)) {
            reasoning = null;
        }
        if (input == null && output == null) {
            return null;
        }
        return new Usage(input, output, cached, null, reasoning);
    }

    static Cost cost(JsonNode usage) {
        JsonNode amount = usage == null ? null : usage.get("cost");
        if (amount == null || !amount.isNumber() || amount.doubleValue() < 0) {
            return null;
        }
        return new Cost(amount.doubleValue(), Cost.USD, CostSource.PROVIDER, "reported by the provider");
    }

    static String text(JsonNode node) {
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

    private static Long count(JsonNode parent, String name, String alternative) {
        JsonNode value = parent.get(name);
        if ((value == null || !value.canConvertToLong()) && alternative != null) {
            value = parent.get(alternative);
        }
        return value != null && value.isIntegralNumber() && value.longValue() >= 0 ? value.longValue() : null;
    }

    private static String clip(String message) {
        return message == null || message.length() <= MAX_ERROR_MESSAGE ? message : message.substring(0, MAX_ERROR_MESSAGE);
    }
}
