package io.llmwatch.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated production traffic, sent the way a real service would: as JSON over HTTP to the
 * collector's {@code /v1/events} with the collector's API key, with an offline grader's
 * {@code correctness} scores to {@code /v1/evaluations} — some of them late, as real evaluations
 * are. Calls carry realistic prompts, token counts, latencies, the odd failure and truncation.
 */
final class TrafficSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficSimulator.class);
    private static final Duration TICK = Duration.ofMillis(200);
    private static final String[] WORDS = ("the customer reports that after the latest release exports fail for "
            + "accounts with more than one workspace and the error appears only when totals include tax we "
            + "recommend checking the invoice pipeline rolling back the change and informing finance").split(" ");

    private final List<SimulatedTask> tasks;
    private final URI events;
    private final URI evaluations;
    private final String apiKey;
    private final double callsPerSecond;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Evaluation> delayed = new ArrayList<>();

    final AtomicLong callsSent = new AtomicLong();
    final AtomicLong evaluationsSent = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong httpFailures = new AtomicLong();

    TrafficSimulator(List<SimulatedTask> tasks, String collectorBaseUrl, String apiKey, double callsPerSecond, long seed) {
        this.tasks = tasks;
        this.apiKey = apiKey;
        this.events = URI.create(collectorBaseUrl + "/v1/events");
        this.evaluations = URI.create(collectorBaseUrl + "/v1/evaluations");
        this.callsPerSecond = callsPerSecond;
        this.random = new Random(seed);
    }

    /**
     * Sends traffic until {@code end}; the scenario's provider update takes effect at {@code update}.
     */
    void run(Instant update, Instant end) throws InterruptedException {
        double perTick = callsPerSecond * TICK.toMillis() / 1000.0;
        double carry = 0;
        while (Instant.now().isBefore(end) && !Thread.currentThread().isInterrupted()) {
            long tickStart = System.nanoTime();
            boolean updated = !Instant.now().isBefore(update);
            carry += perTick;
            int n = (int) carry;
            carry -= n;
            List<LlmCall> calls = new ArrayList<>(n);
            List<Evaluation> evals = new ArrayList<>(delayed);
            delayed.clear();
            for (int i = 0; i < n; i++) {
                SimulatedTask task = tasks.get(random.nextInt(tasks.size()));
                SimulatedModel model = task.models().get(random.nextInt(task.models().size()));
                LlmCall call = call(task, model);
                calls.add(call);
                if (call.error() == null && random.nextDouble() < 0.8) {
                    Evaluation eval = grade(call, model.quality(updated));
                    // about one grade in six arrives a tick after its call, to exercise the late join
                    (random.nextDouble() < 0.17 ? delayed : evals).add(eval);
                }
            }
            post(events, calls);
            callsSent.addAndGet(calls.size());
            post(evaluations, evals);
            evaluationsSent.addAndGet(evals.size());
            long sleep = TICK.toMillis() - (System.nanoTime() - tickStart) / 1_000_000;
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
    }

    private LlmCall call(SimulatedTask task, SimulatedModel model) {
        Instant start = Instant.now();
        long input = Math.round(task.inputTokens() * (0.8 + 0.4 * random.nextDouble()));
        long output = Math.max(1, Math.round(task.outputTokens() * model.verbosity() * (0.7 + 0.6 * random.nextDouble())));
        long cached = random.nextDouble() < 0.3 ? Math.round(input * 0.5) : 0;
        double latency = model.baseLatencyMs() * (0.8 + 0.5 * random.nextDouble()) + output * model.msPerToken();
        String prompt = task.userPrompts().get(random.nextInt(task.userPrompts().size()));
        boolean fails = random.nextDouble() < 0.01;
        boolean truncated = !fails && random.nextDouble() < 0.01;
        return new LlmCall(LlmCall.SCHEMA, UUID.randomUUID().toString(), start, task.app(), task.taskType(), "prod",
                "trace-" + random.nextInt(1_000_000), null, model.provider(), "chat", model.model(), model.model(),
                request(task, model.model(), prompt),
                fails ? null : output(task, output),
                fails ? null : truncated ? "length" : "stop",
                fails ? null : new Usage(input, output, cached == 0 ? null : cached, null, null),
                latency, Math.min(latency, model.baseLatencyMs()), null,
                fails ? new CallError("rate_limit_exceeded", "429 from provider") : null,
                Map.of("tenant", "tenant-" + random.nextInt(5), "prompt_version", "v3"), null);
    }

    private Evaluation grade(LlmCall call, double meanQuality) {
        double score = Math.max(0, Math.min(1, meanQuality + random.nextGaussian() * 0.04));
        return new Evaluation(Evaluation.SCHEMA, call.callId(), Instant.now(), "correctness", score, null, null,
                "simulated-offline-grader");
    }

    private static JsonNode request(SimulatedTask task, String model, String prompt) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", task.systemPrompt());
        messages.addObject().put("role", "user").put("content", prompt);
        body.put("temperature", 0.2);
        body.put("max_tokens", task.outputTokens() * 3);
        if (task.json()) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body;
    }

    private String output(SimulatedTask task, long tokens) {
        if (task.json()) {
            return "{\"label\":\"" + WORDS[random.nextInt(WORDS.length)] + "\",\"confidence\":"
                    + String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble()) + "}";
        }
        StringBuilder text = new StringBuilder();
        // about 0.75 words per token
        for (long i = 0; i < tokens * 3 / 4; i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return text.toString().trim();
    }

    private void post(URI uri, List<?> items) {
        if (items.isEmpty()) {
            return;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header(ApiKeyFilter.KEY_HEADER, apiKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(items)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 400) {
                rejected.incrementAndGet();
                LOG.warn("collector rejected part of a batch: {}", response.body());
            } else if (response.statusCode() >= 300) {
                httpFailures.incrementAndGet();
                LOG.warn("collector answered {}: {}", response.statusCode(), response.body());
            }
        } catch (IOException e) {
            httpFailures.incrementAndGet();
            LOG.warn("cannot reach the collector at {}: {}", uri, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
