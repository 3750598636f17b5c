package io.llmwatch.collector.proxy;

import static io.llmwatch.collector.proxy.LocalUpstream.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A local stand-in for the OpenAI Responses API ({@link LocalUpstream}): {@code POST /v1/responses}
 * answers a text message, or a function call when the request offers tools; streamed as typed
 * events ending in {@code response.completed} when the body asks for a stream. Shapes after OpenAI's
 * API reference (responses, streaming events).
 */
final class ResponsesUpstream {

    static final String MODEL = "gpt-4.1-mini-2025-04-14";
    static final List<String> PIECES = List.of("Reset", " the", " router.");
    static final String TEXT = String.join("", PIECES);
    static final String ARGUMENTS = "{\"ticket\":42}";
    static final long INPUT = 30;
    static final long CACHED = 16;
    static final long OUTPUT = 20;
    static final long REASONING = 8;

    private ResponsesUpstream() {
    }

    static LocalUpstream start() {
        return new LocalUpstream("/v1/responses", ResponsesUpstream::answer);
    }

    private static LocalUpstream.Answer answer(JsonNode request) {
        boolean tool = request.path("tools").size() > 0;
        if (request.path("stream").asBoolean(false)) {
            return new LocalUpstream.Answer(200, "text/event-stream; charset=utf-8", String.join("", events()));
        }
        return new LocalUpstream.Answer(200, "application/json", response(tool, true).toString());
    }

    /** The whole response; {@code done} false gives its in-progress start, without output or usage. */
    static ObjectNode response(boolean tool, boolean done) {
        ObjectNode response = Json.mapper().createObjectNode()
                .put("id", "resp_1").put("object", "response").put("created_at", 1_767_000_000L)
                .put("status", done ? "completed" : "in_progress").put("model", MODEL)
                .put("parallel_tool_calls", true).put("tool_choice", "auto").putNull("error")
                .putNull("incomplete_details").putNull("instructions").put("temperature", 1.0).put("top_p", 1.0);
        response.putArray("tools");
        response.putObject("metadata");
        var output = response.putArray("output");
        if (!done) {
            response.putNull("usage");
            return response;
        }
        if (tool) {
            output.addObject().put("type", "function_call").put("id", "fc_1").put("call_id", "call_1")
                    .put("name", "lookup_ticket").put("arguments", ARGUMENTS).put("status", "completed");
        } else {
            output.add(message());
        }
        ObjectNode usage = response.putObject("usage").put("input_tokens", INPUT).put("output_tokens", OUTPUT)
                .put("total_tokens", INPUT + OUTPUT);
        usage.putObject("input_tokens_details").put("cached_tokens", CACHED);
        usage.putObject("output_tokens_details").put("reasoning_tokens", REASONING);
        return response;
    }

    private static ObjectNode message() {
        ObjectNode message = Json.mapper().createObjectNode().put("type", "message").put("id", "msg_1")
                .put("status", "completed").put("role", "assistant");
        message.putArray("content").addObject().put("type", "output_text").put("text", TEXT).putArray("annotations");
        return message;
    }

    /** The text answer as a stream of typed events. */
    static List<String> events() {
        List<String> events = new ArrayList<>();
        int sequence = 0;
        events.add(event("response.created", typed("response.created", sequence++).set("response", response(false, false))));
        ObjectNode item = message();
        item.put("status", "in_progress").putArray("content");
        events.add(event("response.output_item.added", typed("response.output_item.added", sequence++)
                .put("output_index", 0).set("item", item)));
        for (String piece : PIECES) {
            ObjectNode delta = typed("response.output_text.delta", sequence++).put("item_id", "msg_1").put("output_index", 0)
                    .put("content_index", 0).put("delta", piece);
            delta.putArray("logprobs");
            events.add(event("response.output_text.delta", delta));
        }
        events.add(event("response.output_item.done", typed("response.output_item.done", sequence++)
                .put("output_index", 0).set("item", message())));
        events.add(event("response.completed", typed("response.completed", sequence).set("response", response(false, true))));
        return events;
    }

    private static ObjectNode typed(String type, int sequence) {
        return Json.mapper().createObjectNode().put("type", type).put("sequence_number", sequence);
    }
}
