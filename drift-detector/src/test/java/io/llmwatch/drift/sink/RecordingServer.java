package io.llmwatch.drift.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 (a free port) that answers with a script of responses, then 200,
 * and records every request it receives. It can hold its answers back until {@link #release()}.
 */
final class RecordingServer implements AutoCloseable {

    /** One request as received. */
    record Request(String path, Map<String, List<String>> headers, byte[] body, Instant at, int answeredWith) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A scripted answer. */
    record Answer(int status, Map<String, String> headers) {
        static Answer of(int status) {
            return new Answer(status, Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile long delayMillis;

    RecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers the next requests with these, in order; afterwards with 200. */
    synchronized RecordingServer answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Holds every answer back until {@link #release()}. */
    RecordingServer hold() {
        gate = new CountDownLatch(1);
        return this;
    }

    void release() {
        gate.countDown();
    }

    /** Answers every request this much later, so a client can be stopped with requests under way. */
    RecordingServer delay(long millis) {
        delayMillis = millis;
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Instant at = Instant.now();
        Answer answer;
        synchronized (this) {
            answer = script.isEmpty() ? Answer.of(200) : script.poll();
            requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body, at,
                    answer.status()));
        }
        try {
            gate.await(60, TimeUnit.SECONDS);
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(answer.status(), -1);
        try (OutputStream out = exchange.getResponseBody()) {
            out.flush();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
