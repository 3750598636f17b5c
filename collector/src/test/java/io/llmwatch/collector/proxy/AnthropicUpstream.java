package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for the Anthropic Messages API on 127.0.0.1: {@code POST /v1/messages} answers a
 * message, or its event stream when the body asks for one, with prompt-cache usage; a request whose
 * model is {@value #OVERLOADED_MODEL} gets Anthropic's 529 error. The shapes follow Anthropic's API
 * reference (messages and streaming pages).
 */
final class AnthropicUpstream implements AutoCloseable {

    static final String MODEL = "claude-haiku-4-5-20251001";
    static final String OVERLOADED_MODEL = "claude-overloaded";
    static final List<String> PIECES = List.of("Disk", " is", " full.");
    static final String TEXT = String.join("", PIECES);
    static final long INPUT = 20;
    static final long CACHE_READ = 1000;
    static final long CACHE_CREATION = 200;
    static final long OUTPUT = 50;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<OpenAiUpstream.Received> received = new CopyOnWriteArrayList<>();

    AnthropicUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/messages", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT/v1}, as a provider's {@code base_url}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<OpenAiUpstream.Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            received.add(new OpenAiUpstream.Received(headers, body));
            JsonNode request = Json.mapper().readTree(body);
            if (OVERLOADED_MODEL.equals(request.path("model").asText())) {
                send(exchange, 529, "application/json",
                        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
            } else if (request.path("stream").asBoolean(false)) {
                send(exchange, 200, "text/event-stream; charset=utf-8", String.join("", events()));
            } else {
                send(exchange, 200, "application/json", message().toString());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("request-id", "req_0123");
        exchange.sendResponseHeaders(status, bytes.length);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes);
        out.flush();
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

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String event(String name, JsonNode data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
