package io.llmwatch.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import java.io.IOException;

/**
 * The simulated provider's answers in the OpenAI Responses API ({@code POST /v1/responses}) and the
 * Anthropic Messages API ({@code POST /v1/messages}) shapes, non-streamed: the same
 * {@link SimulatedAnswer} a chat completion would carry, written as those APIs write it.
 */
final class OtherApisJson {

    private OtherApisJson() {
    }

    /** A {@code response} object. */
    static ObjectNode response(String id, long created, String model, SimulatedAnswer answer) {
        ObjectNode root = Json.mapper().createObjectNode();
        boolean cut = "length".equals(answer.finishReason());
        root.put("id", "resp_" + id).put("object", "response").put("created_at", created)
                .put("status", cut ? "incomplete" : "completed").put("model", model);
        if (cut) {
            root.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            root.putNull("incomplete_details");
        }
        root.putNull("error");
        ObjectNode item = root.putArray("output").addObject();
        if (answer.toolName() != null) {
            item.put("type", "function_call").put("id", "fc_" + id).put("call_id", "call_" + id)
                    .put("name", answer.toolName()).put("arguments", answer.toolArguments()).put("status", "completed");
        } else {
            item.put("type", "message").put("id", "msg_" + id).put("status", "completed").put("role", "assistant");
            item.putArray("content").addObject().put("type", "output_text").put("text", answer.content())
                    .putArray("annotations");
        }
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", answer.promptTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", answer.cachedTokens());
        usage.put("output_tokens", answer.completionTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", answer.reasoningTokens());
        usage.put("total_tokens", answer.promptTokens() + answer.completionTokens());
        return root;
    }

    /** A {@code message} object; its {@code input_tokens} exclude the cached ones, as Anthropic counts. */
    static ObjectNode message(String id, String model, SimulatedAnswer answer) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("id", "msg_" + id).put("type", "message").put("role", "assistant").put("model", model);
        ObjectNode block = root.putArray("content").addObject();
        String stop;
        if (answer.toolName() != null) {
            block.put("type", "tool_use").put("id", "toolu_" + id).put("name", answer.toolName());
            block.set("input", arguments(answer.toolArguments()));
            stop = "tool_use";
        } else {
            block.put("type", "text").put("text", answer.content());
            stop = "length".equals(answer.finishReason()) ? "max_tokens" : "end_turn";
        }
        root.put("stop_reason", stop).putNull("stop_sequence");
        root.putObject("usage").put("input_tokens", answer.promptTokens() - answer.cachedTokens())
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", answer.cachedTokens())
                .put("output_tokens", answer.completionTokens());
        return root;
    }

    private static JsonNode arguments(String json) {
        try {
            JsonNode parsed = Json.mapper().readTree(json);
            return parsed != null && parsed.isObject() ? parsed : Json.mapper().createObjectNode();
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        }
    }
}
