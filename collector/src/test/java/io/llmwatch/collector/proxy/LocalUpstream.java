package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A provider API stand-in on 127.0.0.1 that answers one path by a function of the JSON request,
 * and keeps what it received.
 */
final class LocalUpstream implements AutoCloseable {

    /** One answer: status, content type and body. */
    record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<OpenAiUpstream.Received> received = new CopyOnWriteArrayList<>();
    private final Function<JsonNode, Answer> answers;

    /** @param path e.g. {@code /v1/messages} */
    LocalUpstream(String path, Function<JsonNode, Answer> answers) {
        this.answers = answers;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext(path, this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT/v1}, as a provider's {@code base_url}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<OpenAiUpstream.Received> received() {
        return List.copyOf(received);
    }

    OpenAiUpstream.Received last() {
        return received.get(received.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            OpenAiUpstream.Received request = OpenAiUpstream.Received.read(exchange);
            received.add(request);
            Answer answer = answers.apply(request.json());
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.getResponseHeaders().add("request-id", "req_0123");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            OutputStream out = exchange.getResponseBody();
            out.write(bytes);
            out.flush();
        }
    }

    /** Parses a JSON literal of a test. */
    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One server-sent event with a name, as Anthropic and the Responses API send them. */
    static String event(String name, JsonNode data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
