package io.llmwatch.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.sim.Expected;
import io.llmwatch.sim.SimulatedAnswer;
import io.llmwatch.sim.SimulatedProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated production traffic, recorded the way a real service records it: each call's request
 * (an OpenAI chat request whose user message carries the simulator's {@link Expected} tag) is
 * answered by the task's incumbent on the {@link SimulatedProvider simulated provider}, and the call
 * — request, output, usage, latency, and the expected output as its {@code reference} — is posted as
 * JSON to the collector's {@code /v1/events} with the demo's API key. Agent tasks send runs of a few
 * steps under one {@code trace_id}; {@link #startSpiral()} sends one run that never converges.
 *
 * <p>Nothing here throws out of {@link #run}: a call that cannot be built or posted is counted.
 */
final class TrafficSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(TrafficSimulator.class);
    private static final Duration TICK = Duration.ofMillis(200);
    /** Steps of a normal agent run. */
    private static final int AGENT_STEPS = 3;
    /** Steps of the spiralling run: ten times a normal run's, each prompt a little longer. */
    static final int SPIRAL_STEPS = 40;
    private static final List<String> LABELS = List.of("billing", "bug", "how-to", "account", "other");
    private static final List<Message> MESSAGES = List.of(
            new Message("I was charged twice for the same month, please refund one of them.", "billing"),
            new Message("Our invoice shows the wrong VAT number since the last update.", "billing"),
            new Message("The export to CSV drops every row that has an emoji in the name column.", "bug"),
            new Message("The dashboard shows a blank page after login in Firefox.", "bug"),
            new Message("Where do I change the e-mail address that receives alerts?", "how-to"),
            new Message("How can I invite a colleague to my workspace?", "how-to"),
            new Message("Please delete the account of a former employee, Tom Baker.", "account"),
            new Message("I cannot log in with SSO since the certificate was rotated.", "account"),
            new Message("Do you have a booth at the conference next month?", "other"));
    private static final List<String> COMPANIES = List.of("Acme Corp", "Globex", "Initech", "Umbrella", "Hooli",
            "Stark Industries", "Wayne Enterprises", "Soylent");
    private static final String KNOWLEDGE_BASE = ("Knowledge base excerpt: refunds are issued within five business days "
            + "of approval; duplicate charges are refunded automatically once the payment provider confirms them; "
            + "enterprise invoices are corrected by the finance team on request. ").repeat(20);

    private final SimulatedProvider provider;
    private final List<DemoTask> services;
    private final DemoTask agent;
    private final URI events;
    private final String apiKey;
    private final double callsPerSecond;
    private final Random random;
    private final String spiralTrace;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger spiralStep = new AtomicInteger(-1);
    private long ticket = 1000;

    final AtomicLong callsSent = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong httpFailures = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    TrafficSimulator(SimulatedProvider provider, List<DemoTask> tasks, String collectorBaseUrl, String apiKey,
                     double callsPerSecond, long seed) {
        this.provider = provider;
        this.services = tasks.stream().filter(t -> !t.agent()).toList();
        this.agent = tasks.stream().filter(DemoTask::agent).findFirst().orElse(null);
        this.apiKey = apiKey;
        this.events = URI.create(collectorBaseUrl + "/v1/events");
        this.callsPerSecond = callsPerSecond;
        this.random = new Random(seed);
        this.spiralTrace = "trace-agent-loop-" + Long.toHexString(seed);
    }

    /** The trace id of the run that spirals. */
    String spiralTrace() {
        return spiralTrace;
    }

    /** The agent task, where the spiral happens, or null when the world has none. */
    DemoTask agentTask() {
        return agent;
    }

    /** From the next tick on, one agent run loops for {@value #SPIRAL_STEPS} steps, one step per tick. */
    void startSpiral() {
        spiralStep.compareAndSet(-1, 0);
    }

    /** Sends traffic until {@code end} or until interrupted. */
    void run(Instant end) {
        double perTick = callsPerSecond * TICK.toMillis() / 1000.0;
        double carry = 0;
        while (Instant.now().isBefore(end) && !Thread.currentThread().isInterrupted()) {
            long tickStart = System.nanoTime();
            carry += perTick;
            int n = (int) carry;
            carry -= n;
            List<LlmCall> calls = new ArrayList<>(n + AGENT_STEPS + 1);
            try {
                tick(n, calls);
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                LOG.warn("the traffic simulator could not build a call: {}", e.toString());
            }
            post(calls);
            long sleep = TICK.toMillis() - (System.nanoTime() - tickStart) / 1_000_000;
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void tick(int n, List<LlmCall> calls) {
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            DemoTask task = services.get(random.nextInt(services.size()));
            calls.add(serviceCall(task, now));
        }
        if (agent == null) {
            return;
        }
        // about one normal agent run per second, its steps a few hundred milliseconds apart
        if (random.nextDouble() < TICK.toMillis() / 1000.0) {
            String trace = "trace-agent-" + UUID.randomUUID();
            String context = KNOWLEDGE_BASE;
            for (int step = 0; step < AGENT_STEPS; step++) {
                calls.add(agentCall(trace, context, step, now.minusMillis((AGENT_STEPS - 1 - step) * 300L)));
                context += " Step " + step + ": searched the knowledge base.";
            }
        }
        int step = spiralStep.get();
        if (step >= 0 && step < SPIRAL_STEPS && spiralStep.compareAndSet(step, step + 1)) {
            // the agent appends each fruitless search to its context and asks the same question again
            String context = KNOWLEDGE_BASE + " Searched the knowledge base for 'refund policy': no decision yet.".repeat(step * 6);
            calls.add(agentCall(spiralTrace, context, step, now));
        }
    }

    private LlmCall serviceCall(DemoTask task, Instant now) {
        long id = ticket++;
        Expected expected;
        String user;
        JsonNode reference;
        switch (task.answer()) {
            case LABEL -> {
                Message message = MESSAGES.get(random.nextInt(MESSAGES.size()));
                user = "Ticket #" + id + ": " + message.text();
                expected = Expected.label(message.label(), LABELS);
                reference = Json.mapper().createObjectNode().put("expected_output", message.label());
            }
            case JSON -> {
                String company = COMPANIES.get(random.nextInt(COMPANIES.size()));
                long amount = 1_000L * (5 + random.nextInt(2_000));
                user = String.format(Locale.ROOT, "Note #%d: %s signed a renewal worth $%,d with us this quarter.",
                        id, company, amount);
                ObjectNode fields = Json.mapper().createObjectNode().put("company", company).put("amount_usd", amount);
                expected = Expected.json(fields);
                ObjectNode ref = Json.mapper().createObjectNode();
                ref.set("expected_output", fields);
                reference = ref;
            }
            default -> {
                Message message = MESSAGES.get(random.nextInt(MESSAGES.size()));
                user = "Ticket #" + id + ": " + message.text();
                String text = task.taskType().equals("draft-reply")
                        ? "Thank you for reporting ticket " + id + " about " + message.label()
                        + ". We have reproduced it and our team is working on a fix; we will update you here as soon"
                        + " as it is resolved."
                        : "Ticket " + id + " is a " + message.label() + " issue: " + message.text()
                        + " The customer needs an answer from the on-call engineer today.";
                expected = Expected.text(text, null);
                reference = Json.mapper().createObjectNode().put("expected_output", text);
            }
        }
        JsonNode request = request(task, user + "\n" + expected.tag());
        return call(task, request, "trace-" + UUID.randomUUID(), reference, now);
    }

    private LlmCall agentCall(String trace, String context, int step, Instant at) {
        return call(agent, request(agent, context + "\nStep " + step + ": decide where ticket " + trace + " goes."),
                trace, null, at);
    }

    private LlmCall call(DemoTask task, JsonNode request, String trace, JsonNode reference, Instant at) {
        SimulatedAnswer answer = provider.answer(task.incumbent(), request);
        Usage usage = new Usage(answer.promptTokens(), answer.completionTokens(),
                answer.cachedTokens() == 0 ? null : answer.cachedTokens(), null,
                answer.reasoningTokens() == 0 ? null : answer.reasoningTokens());
        return LlmCall.builder().callId(UUID.randomUUID().toString()).timestamp(at).app(task.app())
                .taskType(task.taskType()).environment("prod").traceId(trace).provider("sim").operation("chat")
                .requestModel(task.incumbent()).responseModel(task.incumbent()).request(request)
                .outputText(answer.outputText()).finishReason(answer.finishReason()).usage(usage)
                .latencyMs(answer.latencyMs()).timeToFirstTokenMs(answer.latencyMs() * 0.3)
                .attribute("prompt_version", "v3").reference(reference)
                .build();
    }

    private static JsonNode request(DemoTask task, String user) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", task.incumbent());
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", task.systemPrompt());
        messages.addObject().put("role", "user").put("content", user);
        body.put("temperature", 0.2);
        if (task.answer() == DemoTask.Answer.JSON) {
            body.putObject("response_format").put("type", "json_object");
        }
        return body;
    }

    private void post(List<LlmCall> calls) {
        if (calls.isEmpty()) {
            return;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(events)
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header(ApiKeyFilter.KEY_HEADER, apiKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(calls)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 400) {
                rejected.incrementAndGet();
                LOG.warn("collector rejected part of a batch: {}", response.body());
            } else if (response.statusCode() >= 300) {
                httpFailures.incrementAndGet();
                LOG.warn("collector answered {}: {}", response.statusCode(), response.body());
            } else {
                callsSent.addAndGet(calls.size());
            }
        } catch (IOException e) {
            httpFailures.incrementAndGet();
            LOG.warn("cannot reach the collector at {}: {}", events, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Message(String text, String label) {
    }
}
