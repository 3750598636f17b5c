package io.llmwatch.collector.proxy;

import static io.llmwatch.collector.proxy.LocalUpstream.event;
import static io.llmwatch.collector.proxy.LocalUpstream.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A local stand-in for the Anthropic Messages API ({@link LocalUpstream}): {@code POST /v1/messages} answers a
 * message, or its event stream when the body asks for one, with prompt-cache usage; a request whose
 * model is {@value #OVERLOADED_MODEL} gets Anthropic's 529 error. The shapes follow Anthropic's API
 * reference (messages and streaming pages).
 */
final class AnthropicUpstream {

    static final String MODEL = "claude-haiku-4-5-20251001";
    static final String OVERLOADED_MODEL = "claude-overloaded";
    static final List<String> PIECES = List.of("Disk", " is", " full.");
    static final String TEXT = String.join("", PIECES);
    static final long INPUT = 20;
    static final long CACHE_READ = 1000;
    static final long CACHE_CREATION = 200;
    static final long OUTPUT = 50;

    private AnthropicUpstream() {
    }

    static LocalUpstream start() {
        return new LocalUpstream("/v1/messages", AnthropicUpstream::answer);
    }

    private static LocalUpstream.Answer answer(JsonNode request) {
        if (OVERLOADED_MODEL.equals(request.path("model").asText())) {
            return new LocalUpstream.Answer(529, "application/json",
                    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        }
        if (request.path("stream").asBoolean(false)) {
            return new LocalUpstream.Answer(200, "text/event-stream; charset=utf-8", String.join("", events()));
        }
        return new LocalUpstream.Answer(200, "application/json", message().toString());
    }

    /** The non-streamed answer: one text block. */
    static ObjectNode message() {
        ObjectNode message = Json.mapper().createObjectNode()
                .put("id", "msg_01").put("type", "message").put("role", "assistant").put("model", MODEL);
        message.putArray("content").addObject().put("type", "text").put("text", TEXT);
        message.put("stop_reason", "end_turn").putNull("stop_sequence");
        message.set("usage", usage(INPUT, OUTPUT));
        return message;
    }

    private static ObjectNode usage(long input, long output) {
        return Json.mapper().createObjectNode().put("input_tokens", input)
                .put("cache_creation_input_tokens", CACHE_CREATION).put("cache_read_input_tokens", CACHE_READ)
                .put("output_tokens", output);
    }

    /** The stream of the same answer, as Anthropic sends it: named events, output usage in message_delta. */
    static List<String> events() {
        List<String> events = new ArrayList<>();
        ObjectNode start = message();
        start.putArray("content");
        start.putNull("stop_reason");
        start.set("usage", usage(INPUT, 1));
        events.add(event("message_start", Json.mapper().createObjectNode().put("type", "message_start").set("message", start)));
        events.add(event("content_block_start", json(
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")));
        events.add(event("ping", json("{\"type\":\"ping\"}")));
        for (String piece : PIECES) {
            ObjectNode delta = Json.mapper().createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", piece);
            events.add(event("content_block_delta", delta));
        }
        events.add(event("content_block_stop", json("{\"type\":\"content_block_stop\",\"index\":0}")));
        ObjectNode messageDelta = Json.mapper().createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", OUTPUT);
        events.add(event("message_delta", messageDelta));
        events.add(event("message_stop", json("{\"type\":\"message_stop\"}")));
        return events;
    }

}
