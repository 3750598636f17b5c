package io.llmwatch.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmwatch.json.Json;
import io.llmwatch.openai.ChatChunks;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * An OpenAI-compatible {@code POST /v1/chat/completions} on 127.0.0.1 for the adapter tests: answers
 * like OpenAI does (a chat completion, or an SSE stream ending with the usage-only chunk when
 * {@code stream_options.include_usage} is set, then {@code data: [DONE]}), and keeps every request
 * and every response body it sent. The model name picks the behaviour: {@link #TOOL_MODEL} answers
 * with a tool call, {@link #FAILING_MODEL} with HTTP 500.
 */
public final class LocalOpenAiServer implements AutoCloseable {

    public static final String MODEL = "gpt-4.1-mini";
    public static final String RESPONSE_MODEL = "gpt-4.1-mini-2025-04-14";
    public static final String TOOL_MODEL = "gpt-4.1-tools";
    public static final String FAILING_MODEL = "gpt-4.1-failing";
    public static final String ANSWER = "Invoices exported since Tuesday lack VAT; three enterprise accounts are affected.";
    public static final List<String> STREAMED = List.of("Invoices exported ", "since Tuesday lack VAT; ",
            "three enterprise accounts are affected.");
    public static final String TOOL_ARGUMENTS = "{\"city\":\"Lyon\",\"unit\":\"c\"}";
    /** How long the server thinks before answering: recorded latencies cannot be shorter. */
    public static final long DELAY_MS = 40;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> responses = new CopyOnWriteArrayList<>();

    public LocalOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/v1/chat/completions", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL an OpenAI client is pointed at, ending in {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** Bodies sent: a whole JSON document per plain answer, one per SSE event (without {@code data: }) for streams. */
    public List<String> responses() {
        return List.copyOf(responses);
    }

    public static JsonNode usage() {
        ObjectNode usage = Json.mapper().createObjectNode().put("prompt_tokens", 812).put("completion_tokens", 95)
                .put("total_tokens", 907);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 512).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 64).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return usage;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = Json.mapper().readTree(exchange.getRequestBody());
            requests.add(request);
            sleep(DELAY_MS);
            String model = request.path("model").asText();
            if (model.equals(FAILING_MODEL)) {
                send(exchange, 500, "{\"error\":{\"message\":\"The server had an error while processing your request.\","
                        + "\"type\":\"server_error\",\"param\":null,\"code\":null}}");
            } else if (request.path("stream").asBoolean(false)) {
                stream(exchange, request.path("stream_options").path("include_usage").asBoolean(false));
            } else {
                send(exchange, 200, Json.mapper().writeValueAsString(completion(model)));
            }
        }
    }

    private static ObjectNode completion(String model) {
        ObjectNode completion = Json.mapper().createObjectNode().put("id", "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG")
                .put("object", "chat.completion").put("created", 1764500000).put("model", RESPONSE_MODEL);
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (model.equals(TOOL_MODEL)) {
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject().put("id", "call_Tz4p1").put("type", "function");
            call.putObject("function").put("name", "get_weather").put("arguments", TOOL_ARGUMENTS);
            choice.putNull("logprobs").put("finish_reason", "tool_calls");
        } else {
            message.put("content", ANSWER);
            choice.putNull("logprobs").put("finish_reason", "stop");
        }
        message.putNull("refusal").putArray("annotations");
        completion.set("usage", usage());
        completion.put("service_tier", "default").put("system_fingerprint", "fp_b376dfbbd5");
        return completion;
    }

    private void stream(HttpExchange exchange, boolean includeUsage) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        List<ObjectNode> chunks = new ArrayList<>();
        chunks.add(chunk(includeUsage, delta -> delta.put("role", "assistant").put("content", "").putNull("refusal"), null));
        for (String piece : STREAMED) {
            chunks.add(chunk(includeUsage, delta -> delta.put("content", piece), null));
        }
        chunks.add(chunk(includeUsage, delta -> { }, "stop"));
        if (includeUsage) {
            ObjectNode last = chunk(false, delta -> { }, null);
            last.set("choices", Json.mapper().createArrayNode());
            last.set("usage", usage());
            chunks.add(last);
        }
        for (ObjectNode chunk : chunks) {
            event(out, Json.mapper().writeValueAsString(chunk));
            sleep(5);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode chunk(boolean usageField, Consumer<ObjectNode> delta, String finishReason) {
        ObjectNode base = Json.mapper().createObjectNode().put("id", "chatcmpl-C2sTream").put("object", "chat.completion.chunk")
                .put("created", 1764500001).put("model", RESPONSE_MODEL).put("service_tier", "default")
                .put("system_fingerprint", "fp_b376dfbbd5");
        return ChatChunks.chunk(base, usageField, delta, finishReason);
    }

    private void event(OutputStream out, String json) throws IOException {
        responses.add(json);
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void send(HttpExchange exchange, int status, String json) throws IOException {
        responses.add(json);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
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
