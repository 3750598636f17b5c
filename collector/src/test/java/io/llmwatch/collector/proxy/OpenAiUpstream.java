package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmwatch.json.Json;
import io.llmwatch.openai.ChatChunks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A real OpenAI-compatible {@code /v1/chat/completions} server on 127.0.0.1, written for the tests.
 * It answers as OpenAI does: a {@code chat.completion} JSON body, or with {@code "stream": true} an
 * event stream of {@code chat.completion.chunk}s, with the usage-only chunk ({@code "choices": []})
 * only when {@code stream_options.include_usage} was asked, then {@code data: [DONE]}. It gzips a
 * JSON answer when the client accepts gzip. Tests script other answers (errors, slowness) per request
 * and read back what each request carried.
 */
final class OpenAiUpstream implements AutoCloseable {

    static final String TEXT = "Hello there, how can I help?";
    static final List<String> PIECES = List.of("Hello", " there", ", how", " can I", " help?");
    static final String RESPONSE_MODEL = "gpt-4.1-mini-2025-04-14";
    static final long PROMPT_TOKENS = 12;
    static final long COMPLETION_TOKENS = 7;
    static final long CACHED_TOKENS = 4;
    static final long REASONING_TOKENS = 2;

    /** One request as the upstream received it. */
    record Received(Map<String, List<String>> headers, byte[] body) {

        /** Reads the request of an exchange: its headers (by lowercase name) and body. */
        static Received read(HttpExchange exchange) throws IOException {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            return new Received(headers, body);
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A scripted answer for one request. */
    interface Reply {
        void send(HttpExchange exchange, JsonNode request) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    OpenAiUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The base URL a provider config or an SDK takes: {@code http://127.0.0.1:PORT/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The next request gets this answer instead of the normal one. */
    OpenAiUpstream then(Reply reply) {
        script.add(reply);
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    void reset() {
        script.clear();
        received.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Received one = Received.read(exchange);
            received.add(one);
            JsonNode request = one.json();
            Reply reply = script.poll();
            if (reply != null) {
                reply.send(exchange, request);
            } else if (request.path("stream").asBoolean(false)) {
                stream(exchange, request, Duration.ZERO);
            } else {
                json(exchange, 200, completion(request).toString(), Map.of("x-request-id", "req-123",
                        "openai-processing-ms", "42"));
            }
        }
    }

    /** The normal non-streamed answer. */
    static ObjectNode completion(JsonNode request) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1_750_000_000L)
                .put("model", RESPONSE_MODEL);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", TEXT).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        body.set("usage", usage());
        body.put("system_fingerprint", "fp_test");
        return body;
    }

    static ObjectNode usage() {
        ObjectNode usage = Json.mapper().createObjectNode();
        usage.put("prompt_tokens", PROMPT_TOKENS).put("completion_tokens", COMPLETION_TOKENS)
                .put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);
        usage.putObject("prompt_tokens_details").put("cached_tokens", CACHED_TOKENS).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", REASONING_TOKENS).put("audio_tokens", 0);
        return usage;
    }

    /** The events of the normal stream, as written (each ends with a blank line). */
    static List<String> events(JsonNode request) {
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
        List<String> events = new ArrayList<>();
        events.add(chunk(includeUsage, delta -> delta.put("role", "assistant").put("content", ""), null));
        for (String piece : PIECES) {
            events.add(chunk(includeUsage, delta -> delta.put("content", piece), null));
        }
        events.add(chunk(includeUsage, delta -> { }, "stop"));
        if (includeUsage) {
            ObjectNode last = chunkBase();
            last.putArray("choices");
            last.set("usage", usage());
            events.add("data: " + last + "\n\n");
        }
        events.add("data: [DONE]\n\n");
        return events;
    }

    private static String chunk(boolean includeUsage, java.util.function.Consumer<ObjectNode> delta, String finish) {
        return "data: " + ChatChunks.chunk(chunkBase(), includeUsage, delta, finish) + "\n\n";
    }

    private static ObjectNode chunkBase() {
        ObjectNode chunk = Json.mapper().createObjectNode();
        chunk.put("id", "chatcmpl-test").put("object", "chat.completion.chunk").put("created", 1_750_000_000L)
                .put("model", RESPONSE_MODEL).put("system_fingerprint", "fp_test");
        return chunk;
    }

    /** Streams the normal events, {@code pause} apart. */
    static void stream(HttpExchange exchange, JsonNode request, Duration pause) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().add("x-request-id", "req-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String event : events(request)) {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
            sleep(pause);
        }
    }

    void json(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        boolean gzip = accept != null && accept.contains("gzip");
        if (gzip) {
            bytes = gzip(bytes);
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** An error answer in OpenAI's shape. */
    Reply error(int status, String type, String message, Map<String, String> headers) {
        return (exchange, request) -> {
            ObjectNode body = Json.mapper().createObjectNode();
            body.putObject("error").put("message", message).put("type", type).putNull("param").put("code", type);
            json(exchange, status, body.toString(), headers);
        };
    }

    /** The normal answer, after {@code delay}. */
    Reply slow(Duration delay) {
        return (exchange, request) -> {
            sleep(delay);
            json(exchange, 200, completion(request).toString(), Map.of());
        };
    }

    /** A non-streamed answer with this body. */
    Reply body(int status, String json) {
        return (exchange, request) -> json(exchange, status, json, Map.of());
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    static void sleep(Duration pause) {
        if (pause.isZero()) {
            return;
        }
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
