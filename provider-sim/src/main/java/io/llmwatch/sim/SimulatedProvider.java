package io.llmwatch.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmwatch.json.Json;
import io.llmwatch.wire.ChatTranslation;
import io.llmwatch.wire.ProviderApi;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A <strong>simulated</strong> LLM provider: a local HTTP server that speaks the OpenAI API
 * ({@code POST /v1/chat/completions}, streaming included, {@code POST /v1/embeddings},
 * {@code GET /v1/models}) but whose "models" are a few lines of arithmetic. It also answers, not
 * streamed, OpenAI's Responses API ({@code POST /v1/responses}) and Anthropic's Messages API
 * ({@code POST /v1/messages}: key in {@code x-api-key}, {@code anthropic-version} required as
 * Anthropic does); their requests are read as the chat request they translate to
 * ({@link ChatTranslation}), so a prompt gets the same answer in every API. It exists for llmwatch's
 * demo, tests and benchmark, so that replays go over real HTTP without a real provider, a key or
 * money; nothing it answers is the output of a language model.
 *
 * <p>Each {@link SimulatedModel} answers a prompt correctly with the probability of its quality,
 * where "correct" is what the prompt's {@link Expected} tag says (or an answer derived from the
 * prompt when it has none); answers, token counts and latencies are reproducible from the seed (see
 * {@link SimulatedModel#nondeterminism()}). Quality can be changed while it runs
 * ({@link #setQuality}), as a provider's silent model update would. Faults can be injected
 * ({@link #faults()}) and every request is logged ({@link #requests()}), the API key never.
 *
 * <pre>{@code
 * try (SimulatedProvider sim = SimulatedProvider.builder()
 *         .model(SimulatedModel.of("sim-large", 0.95).withLatency(Latency.fixed(50)))
 *         .model(SimulatedModel.of("sim-small", 0.80))
 *         .start()) {
 *     String baseUrl = sim.baseUrl();   // http://127.0.0.1:<free port>/v1
 *     ...
 * }
 * }</pre>
 */
public final class SimulatedProvider implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedProvider.class);
    private static final String JSON = "application/json";
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    static {
        // The JDK server writes a response's headers and body as two segments; with Nagle's algorithm
        // on, the body waits for the client's delayed ACK, ~40 ms per request on Linux, which would
        // swamp the simulated latency. The property is read once, when the first server is created.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private final Map<String, SimulatedModel> models;
    private final Map<String, Double> qualities = new ConcurrentHashMap<>();
    private final String apiKey;
    private final Duration maxHang;
    private final Answerer answerer;
    private final Faults faults = new Faults();
    private final RequestLog log = new RequestLog();
    private final Payments payments = new Payments();
    private final boolean honoursIdempotencyKeys;
    private final AtomicLong ids = new AtomicLong();
    private final long created = Instant.now().getEpochSecond();
    private final ExecutorService executor;
    private final HttpServer server;
    private volatile CountDownLatch hangs = new CountDownLatch(1);

    private SimulatedProvider(Builder builder) throws IOException {
        this.models = Map.copyOf(builder.models);
        this.apiKey = builder.apiKey;
        this.maxHang = builder.maxHang;
        this.honoursIdempotencyKeys = builder.honoursIdempotencyKeys;
        this.answerer = new Answerer(builder.seed);
        AtomicInteger threads = new AtomicInteger();
        // Handlers sleep through simulated latency: a cached pool gives each request its own thread.
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "simulated-provider-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 1024);
        server.createContext("/v1/", this::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("simulated provider (a simulation, not a real LLM provider) listening on {} with models {}", baseUrl(),
                models.keySet());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The OpenAI-style base URL, ending in {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Changes a model's quality from now on, as a provider's silent model update would. */
    public void setQuality(String model, double quality) {
        SimulatedModel.checkProbability("quality", quality);
        qualities.put(known(model).id(), quality);
    }

    /** The model's quality now. */
    public double quality(String model) {
        return qualities.getOrDefault(model, known(model).quality());
    }

    public Faults faults() {
        return faults;
    }

    public RequestLog requests() {
        return log;
    }

    /** What it would have charged: the chat completions it answered, per model and prompt. */
    public Payments payments() {
        return payments;
    }

    /** Lets every request held by a {@link Fault.Hang} go (their connections are dropped). */
    public void releaseHangs() {
        CountDownLatch held = hangs;
        hangs = new CountDownLatch(1);
        held.countDown();
    }

    /**
     * What {@code model} answers to a chat-completions request body, as over HTTP but without it
     * (no faults, no latency, not logged): e.g. for the demo to write the "production" output of a
     * call it then replays. Counts as one asking of that prompt (see {@link SimulatedModel#nondeterminism()}).
     */
    public SimulatedAnswer answer(String model, JsonNode request) {
        SimulatedModel known = known(model);
        return answerer.answer(known, quality(known.id()), request);
    }

    @Override
    public void close() {
        server.stop(0);
        hangs.countDown();
        executor.shutdownNow();
    }

    private SimulatedModel known(String model) {
        SimulatedModel known = models.get(model);
        if (known == null) {
            throw new IllegalArgumentException("the simulated provider has no model '" + model + "'; it has " + models.keySet());
        }
        return known;
    }

    private void handle(HttpExchange exchange) {
        Slot slot = new Slot();
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (method.equals("GET") && path.startsWith("/v1/models")) {
                logArrival(exchange, null, null);
                models(exchange, path);
                return;
            }
            boolean chat = path.equals("/v1/chat/completions");
            ProviderApi other = path.equals("/v1/responses") ? ProviderApi.RESPONSES
                    : path.equals("/v1/messages") ? ProviderApi.ANTHROPIC_MESSAGES : null;
            if (!method.equals("POST") || !chat && other == null && !path.equals("/v1/embeddings")) {
                logArrival(exchange, null, null);
                send(exchange, 404, OpenAiJson.error("Unknown request URL: " + method + " " + path, "invalid_request_error",
                        "unknown_url"));
                return;
            }
            log.started();
            slot.taken = true;
            JsonNode body = readBody(exchange);
            String model = body == null ? null : body.path("model").asText(null);
            Optional<Fault> fault = authorized(exchange) && model != null && models.containsKey(model)
                    ? faults.take(model) : Optional.empty();
            logArrival(exchange, model, fault.map(Object::toString).orElse(null));
            if (!authorized(exchange)) {
                slot.release(log);
                send(exchange, 401, OpenAiJson.error("Incorrect API key provided (simulated provider).",
                        "invalid_request_error", "invalid_api_key"));
            } else if (body == null || model == null) {
                slot.release(log);
                send(exchange, 400, OpenAiJson.error("The body must be a JSON object with a model.", "invalid_request_error",
                        null));
            } else if (other == ProviderApi.ANTHROPIC_MESSAGES
                    && exchange.getRequestHeaders().getFirst("anthropic-version") == null) {
                slot.release(log);
                send(exchange, 400, OpenAiJson.error("anthropic-version: header is required (simulated provider).",
                        "invalid_request_error", null));
            } else if (!models.containsKey(model)) {
                slot.release(log);
                send(exchange, 404, OpenAiJson.error("The model `" + model + "` does not exist (simulated provider).",
                        "invalid_request_error", "model_not_found"));
            } else if (fault.isEmpty() || apply(fault.get(), exchange, slot)) {
                if (chat) {
                    chat(exchange, models.get(model), body, slot);
                } else if (other != null) {
                    other(exchange, other, models.get(model), body, slot);
                } else {
                    embeddings(exchange, model, body, slot);
                }
            }
        } catch (IOException e) {
            LOG.debug("simulated provider: client went away: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("simulated provider: request failed", e);
        } finally {
            slot.release(log);
        }
    }

    /** Applies a fault; true when the request should then be answered normally. */
    private boolean apply(Fault fault, HttpExchange exchange, Slot slot) throws IOException, InterruptedException {
        if (fault instanceof Fault.ServerError error) {
            slot.release(log);
            send(exchange, error.status(), OpenAiJson.error("The server had an error while processing your request "
                    + "(simulated fault).", "server_error", null));
            return false;
        }
        if (fault instanceof Fault.RateLimited limited) {
            if (limited.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", limited.retryAfter());
            }
            slot.release(log);
            send(exchange, 429, OpenAiJson.error("Rate limit reached for requests (simulated fault).", "requests",
                    "rate_limit_exceeded"));
            return false;
        }
        if (fault instanceof Fault.Malformed) {
            slot.release(log);
            byte[] cut = "{\"id\": \"chatcmpl-simulated\", \"object\": \"chat.completion\", \"choices\": [{\"index\": 0, \"mess"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", JSON);
            exchange.sendResponseHeaders(200, cut.length);
            exchange.getResponseBody().write(cut);
            return false;
        }
        if (fault instanceof Fault.Slow slow) {
            Thread.sleep(slow.delay().toMillis());
            return true;
        }
        // Fault.Hang: hold the request, then drop the connection without an answer.
        hangs.await(maxHang.toMillis(), TimeUnit.MILLISECONDS);
        return false;
    }

    private void chat(HttpExchange exchange, SimulatedModel model, JsonNode body, Slot slot)
            throws IOException, InterruptedException {
        String idempotencyKey = honoursIdempotencyKeys ? exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY) : null;
        boolean stream = body.path("stream").asBoolean(false);
        Optional<byte[]> before = idempotencyKey == null || stream ? Optional.empty() : payments.answered(idempotencyKey);
        if (before.isPresent()) {
            // the same request again: its first answer, not paid twice
            slot.release(log);
            send(exchange, 200, before.get());
            return;
        }
        SimulatedAnswer answer = answerer.answer(model, quality(model.id()), body);
        sleep(answer.latencyMs());
        String id = "chatcmpl-" + Long.toHexString(Hashing.hash("id", ids.incrementAndGet(), created));
        long now = Instant.now().getEpochSecond();
        slot.release(log);
        // the model did the work: the provider charges for it, whether or not the client reads the answer
        payments.paid(model.id(), body);
        if (!stream) {
            byte[] completion = Json.mapper().writeValueAsBytes(OpenAiJson.completion(id, now, model.id(), answer));
            if (idempotencyKey != null) {
                payments.remember(idempotencyKey, completion);
            }
            send(exchange, 200, completion);
            return;
        }
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (ObjectNode chunk : OpenAiJson.chunks(id, now, model.id(), answer, includeUsage)) {
            out.write(("data: " + Json.mapper().writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A Responses or Messages request, answered as its chat translation would be, in its API's shape. */
    private void other(HttpExchange exchange, ProviderApi api, SimulatedModel model, JsonNode body, Slot slot)
            throws IOException, InterruptedException {
        SimulatedAnswer answer = answerer.answer(model, quality(model.id()), ChatTranslation.toChat(api, body).body());
        sleep(answer.latencyMs());
        String id = Long.toHexString(Hashing.hash("id", ids.incrementAndGet(), created));
        slot.release(log);
        send(exchange, 200, api == ProviderApi.RESPONSES
                ? OtherApisJson.response(id, Instant.now().getEpochSecond(), model.id(), answer)
                : OtherApisJson.message(id, model.id(), answer));
    }

    private void embeddings(HttpExchange exchange, String model, JsonNode body, Slot slot) throws IOException {
        JsonNode input = body.path("input");
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.asText());
        } else if (input.isArray()) {
            input.forEach(text -> texts.add(text.asText()));
        }
        if (texts.isEmpty()) {
            slot.release(log);
            send(exchange, 400, OpenAiJson.error("'input' must be a string or an array of strings.",
                    "invalid_request_error", null));
            return;
        }
        List<float[]> vectors = texts.stream().map(HashedEmbeddings::embed).toList();
        long tokens = texts.stream().mapToLong(Tokens::estimate).sum();
        boolean base64 = "base64".equals(body.path("encoding_format").asText());
        slot.release(log);
        send(exchange, 200, OpenAiJson.embeddings(model, vectors, tokens, base64));
    }

    private void models(HttpExchange exchange, String path) throws IOException {
        String id = path.length() > "/v1/models/".length() ? path.substring("/v1/models/".length()) : null;
        if (!authorized(exchange)) {
            send(exchange, 401, OpenAiJson.error("Incorrect API key provided (simulated provider).",
                    "invalid_request_error", "invalid_api_key"));
        } else if (id == null) {
            send(exchange, 200, OpenAiJson.models(models.keySet().stream().sorted().toList(), created));
        } else if (models.containsKey(id)) {
            send(exchange, 200, OpenAiJson.model(id, created));
        } else {
            send(exchange, 404, OpenAiJson.error("The model `" + id + "` does not exist (simulated provider).",
                    "invalid_request_error", "model_not_found"));
        }
    }

    /** {@code Authorization: Bearer <key>}, or Anthropic's {@code x-api-key: <key>}. */
    private boolean authorized(HttpExchange exchange) {
        return apiKey == null || ("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || apiKey.equals(exchange.getRequestHeaders().getFirst("x-api-key"));
    }

    private void logArrival(HttpExchange exchange, String model, String fault) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("authorization") && !lower.equals("x-api-key") && !values.isEmpty()) {
                headers.put(lower, values.get(0));
            }
        });
        log.add(new LoggedRequest(log.nextSequence(), Instant.now(), System.nanoTime(), exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(), model, Map.copyOf(headers), authorized(exchange), fault));
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        try {
            JsonNode body = Json.mapper().readTree(bytes);
            return body != null && body.isObject() ? body : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, Json.mapper().writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(double millis) throws InterruptedException {
        long nanos = Math.round(millis * 1_000_000);
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    /**
     * A model request's place in the concurrency count, given back the moment it starts to answer,
     * before the client can see the answer and send its next request.
     */
    private static final class Slot {
        boolean taken;

        void release(RequestLog log) {
            if (taken) {
                taken = false;
                log.finished();
            }
        }
    }

    /** Configures a {@link SimulatedProvider}. */
    public static final class Builder {

        private final Map<String, SimulatedModel> models = new LinkedHashMap<>();
        private String apiKey;
        private long seed = 42;
        private int port;
        private Duration maxHang = Duration.ofMinutes(2);
        private boolean honoursIdempotencyKeys;

        private Builder() {
        }

        public Builder model(SimulatedModel model) {
            models.put(model.id(), model);
            return this;
        }

        public Builder models(Collection<SimulatedModel> all) {
            all.forEach(this::model);
            return this;
        }

        /** Requires {@code Authorization: Bearer <key>} on every request; none is required by default. */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        /** Seeds every answer, token count and latency; 42 by default. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The port to listen on (127.0.0.1 only); 0, the default, picks a free one. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** How long a {@link Fault.Hang} holds a request at most; 2 minutes by default. */
        public Builder maxHang(Duration value) {
            this.maxHang = value;
            return this;
        }

        /**
         * Answers a non-streaming chat request whose {@code Idempotency-Key} it answered before with
         * that first answer, without a new payment ({@link #payments()}); off by default, as most
         * OpenAI-compatible servers ignore the header.
         */
        public Builder honourIdempotencyKeys(boolean value) {
            this.honoursIdempotencyKeys = value;
            return this;
        }

        /** Starts the server. */
        public SimulatedProvider start() {
            if (models.isEmpty()) {
                throw new IllegalStateException("a simulated provider needs at least one model");
            }
            try {
                return new SimulatedProvider(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the simulated provider", e);
            }
        }
    }
}
