package io.llmwatch.scorer.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.json.Json;
import io.llmwatch.sim.Expected;
import io.llmwatch.sim.Fault;
import io.llmwatch.sim.LoggedRequest;
import io.llmwatch.sim.SimulatedModel;
import io.llmwatch.sim.SimulatedProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat client against a real local HTTP server (the simulated provider) that injects faults:
 * every call ends as a result, retries follow the policy and {@code Retry-After}, the circuit breaker
 * opens, half-opens and closes, and the concurrency limit holds — all read from the server's request
 * log, not from timings.
 */
class OpenAiChatClientTest {

    private static final List<String> LABELS = List.of("bug", "billing", "other");
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final RetryPolicy FAST_RETRIES =
            new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));
    private static final BreakerPolicy NEVER_OPENS = new BreakerPolicy(100, 100, 100f, Duration.ofSeconds(1), 1);

    private static SimulatedProvider sim;
    private final List<ProviderRegistry> registries = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void start() {
        sim = SimulatedProvider.builder()
                .model(SimulatedModel.of("sim-large", 0.95).withReasoningTokens(16))
                .model(SimulatedModel.of("sim-small", 0.8))
                .start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void reset() {
        registries.forEach(ProviderRegistry::close);
        sim.faults().clear();
        sim.releaseHangs();
        sim.requests().clear();
    }

    @Test
    void sendsTheRecordedRequestWithOnlyTheModelSwappedAndReadsTheUsage() {
        ObjectNode recorded = request(1).put("model", "gpt-4.1").put("stream", true);
        recorded.putObject("stream_options").put("include_usage", true);

        ChatResult result = complete(client(provider(8, 5_000), FAST_RETRIES, NEVER_OPENS), "sim-large", recorded);

        assertThat(result.failed()).as("%s", result.error()).isFalse();
        assertThat(result.outputText()).isIn(LABELS);
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.responseModel()).isEqualTo("sim-large");
        assertThat(result.provider()).isEqualTo("sim");
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.usage().inputTokens()).isPositive();
        assertThat(result.usage().outputTokens()).isGreaterThan(16);
        assertThat(result.usage().reasoningOutputTokens()).isEqualTo(16);
        assertThat(result.usage().cacheReadInputTokens()).isNotNull();
        assertThat(sim.requests().last().model()).isEqualTo("sim-large");
        assertThat(recorded.path("model").asText()).as("the recorded request is not changed").isEqualTo("gpt-4.1");
    }

    @Test
    void retriesServerErrorsAndTimeoutsUntilTheyPass() {
        // the timeout is generous for a busy machine: only the hang below may reach it
        ChatClient client = client(provider(8, 2_000), FAST_RETRIES, NEVER_OPENS);
        sim.faults().next("sim-small", 2, Fault.serverError());
        ChatResult afterErrors = complete(client, "sim-small", request(1));
        assertThat(afterErrors.failed()).isFalse();
        assertThat(afterErrors.attempts()).isEqualTo(3);

        sim.faults().next("sim-small", 1, Fault.hang());
        ChatResult afterTimeout = complete(client, "sim-small", request(2));
        assertThat(afterTimeout.failed()).isFalse();
        assertThat(afterTimeout.attempts()).isEqualTo(2);

        sim.faults().next("sim-small", 1, Fault.slow(Duration.ofMillis(100)));
        assertThat(complete(client, "sim-small", request(3)).attempts()).isEqualTo(1);

        assertThat(sim.requests().count("sim-small")).isEqualTo(3 + 2 + 1);
        assertThat(meters.counter("llmwatch.provider.retries", "provider", "sim", "type", ErrorTypes.SERVER_ERROR).count())
                .isEqualTo(2);
        assertThat(meters.counter("llmwatch.provider.retries", "provider", "sim", "type", ErrorTypes.TIMEOUT).count())
                .isEqualTo(1);
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheErrorOfIt() {
        ChatClient impatient = client(provider(8, 300), FAST_RETRIES, NEVER_OPENS);
        sim.faults().always("sim-small", Fault.hang());
        ChatResult timedOut = complete(impatient, "sim-small", request(1));
        assertThat(timedOut.error().type()).isEqualTo(ErrorTypes.TIMEOUT);
        assertThat(timedOut.attempts()).isEqualTo(3);
        sim.faults().clear();

        sim.faults().always("sim-small", new Fault.ServerError(503));
        ChatResult failed = complete(client(provider(8, 5_000), FAST_RETRIES, NEVER_OPENS), "sim-small", request(2));
        assertThat(failed.error().type()).isEqualTo(ErrorTypes.SERVER_ERROR);
        assertThat(failed.error().message()).contains("503").contains("simulated fault");
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(meters.counter("llmwatch.provider.failures", "provider", "sim", "type", ErrorTypes.SERVER_ERROR).count())
                .isEqualTo(1);
    }

    @Test
    void waitsAsLongAsRetryAfterSaysAndNotAtAllWhenItAsksTooMuch() {
        ChatClient client = client(provider(8, 5_000), FAST_RETRIES, NEVER_OPENS);
        sim.faults().next("sim-small", 1, Fault.rateLimited(1));
        ChatResult result = complete(client, "sim-small", request(1));
        assertThat(result.failed()).isFalse();
        assertThat(result.attempts()).isEqualTo(2);
        List<LoggedRequest> log = sim.requests().forModel("sim-small");
        assertThat(log).hasSize(2);
        // the retry cannot arrive before the second asked for has passed (a lower bound, not a timing)
        assertThat(log.get(1).arrivalNanos() - log.get(0).arrivalNanos()).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));

        sim.faults().next("sim-small", 1, Fault.rateLimited(3600));
        ChatResult refused = complete(client, "sim-small", request(2));
        assertThat(refused.error().type()).isEqualTo(ErrorTypes.RATE_LIMITED);
        assertThat(refused.error().message()).contains("3600 s");
        assertThat(refused.attempts()).isEqualTo(1);
        assertThat(sim.requests().count("sim-small")).isEqualTo(3);
    }

    @Test
    void aMalformedAnswerIsAnInvalidResponseAndIsNotRetried() {
        ChatClient client = client(provider(8, 5_000), FAST_RETRIES, NEVER_OPENS);
        sim.faults().next("sim-small", 1, Fault.malformed());
        ChatResult result = complete(client, "sim-small", request(1));
        assertThat(result.error().type()).isEqualTo(ErrorTypes.INVALID_RESPONSE);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(sim.requests().count("sim-small")).isEqualTo(1);
    }

    @Test
    void theCircuitOpensRejectsFastHalfOpensAndClosesWhenTheServerRecovers() {
        BreakerPolicy breaker = new BreakerPolicy(4, 4, 50f, Duration.ofSeconds(2), 2);
        ProviderRegistry registry = registry(provider(8, 5_000), new RetryPolicy(1, Duration.ZERO, Duration.ZERO,
                Duration.ZERO), breaker);
        ChatClient client = registry.chat("sim-small", null);
        sim.faults().always("sim-small", Fault.serverError());

        for (int i = 0; i < 4; i++) {
            assertThat(complete(client, "sim-small", request(i)).error().type()).isEqualTo(ErrorTypes.SERVER_ERROR);
        }
        assertThat(registry.circuitState("sim")).hasValue(CircuitBreaker.State.OPEN);
        assertThat(meters.get("llmwatch.provider.circuit.state").tag("provider", "sim").gauge().value()).isEqualTo(1);
        long reached = sim.requests().count("sim-small");
        for (int i = 0; i < 10; i++) {
            ChatResult rejected = complete(client, "sim-small", request(i));
            assertThat(rejected.error().type()).isEqualTo(ErrorTypes.CIRCUIT_OPEN);
            assertThat(rejected.attempts()).isZero();
        }
        assertThat(sim.requests().count("sim-small")).as("no request reaches the server while open").isEqualTo(reached);

        sim.faults().clear();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> !complete(client, "sim-small", request(0)).failed());
        assertThat(registry.circuitState("sim")).hasValue(CircuitBreaker.State.HALF_OPEN);
        assertThat(complete(client, "sim-small", request(1)).failed()).isFalse();
        assertThat(registry.circuitState("sim")).hasValue(CircuitBreaker.State.CLOSED);
    }

    @Test
    void neverMoreRequestsInFlightThanTheLimitAndEveryCallEndsAsAResult() {
        int limit = 4;
        // No hangs here: a request the client gave up on stays open at the server, which then
        // counts more at once than the client has in flight.
        ChatClient client = client(provider(limit, 10_000), FAST_RETRIES, NEVER_OPENS);
        sim.faults().always("sim-large", Fault.slow(Duration.ofMillis(20)))
                .next("sim-small", 5, Fault.serverError())
                .next("sim-small", 3, Fault.rateLimited(0))
                .next("sim-small", 3, Fault.malformed());
        List<CompletableFuture<ChatResult>> calls = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            calls.add(client.complete(i % 2 == 0 ? "sim-large" : "sim-small", request(i)));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
        List<ChatResult> results = calls.stream().map(CompletableFuture::join).toList();

        assertThat(results).hasSize(80).doesNotContainNull();
        assertThat(results.stream().filter(ChatResult::failed)).allSatisfy(r -> assertThat(r.error().type())
                .isIn(ErrorTypes.INVALID_RESPONSE, ErrorTypes.SERVER_ERROR, ErrorTypes.RATE_LIMITED));
        assertThat(results.stream().filter(r -> !r.failed()).count()).isGreaterThanOrEqualTo(74);
        assertThat(sim.requests().maxConcurrent()).isLessThanOrEqualTo(limit).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anUnreachableProviderIsAConnectionError() {
        int closedPort;
        try (SimulatedProvider gone = SimulatedProvider.builder().model(SimulatedModel.of("m", 1)).start()) {
            closedPort = gone.port();
        }
        ChatClient client = client(ProviderConfig.builder().baseUrl("http://127.0.0.1:" + closedPort + "/v1")
                .maxConcurrency(2).timeoutMs(2_000L).models(List.of("*")).build(), FAST_RETRIES, NEVER_OPENS);
        ChatResult result = complete(client, "m", request(1));
        assertThat(result.error().type()).isEqualTo(ErrorTypes.CONNECTION);
        assertThat(result.attempts()).isEqualTo(3);
    }

    @Test
    void aModelTheProviderDoesNotServeIsNotFoundWithoutRetries() {
        ChatResult result = complete(client(provider(8, 5_000), FAST_RETRIES, NEVER_OPENS), "gpt-nonexistent", request(1));
        assertThat(result.error().type()).isEqualTo(ErrorTypes.NOT_FOUND);
        assertThat(result.error().message()).contains("404").contains("gpt-nonexistent");
        assertThat(result.attempts()).isEqualTo(1);
    }

    private ChatClient client(ProviderConfig provider, RetryPolicy retry, BreakerPolicy breaker) {
        return registry(provider, retry, breaker).chat("sim-small", null);
    }

    private ProviderRegistry registry(ProviderConfig provider, RetryPolicy retry, BreakerPolicy breaker) {
        LlmwatchConfig config = LlmwatchConfig.empty().withProviders(Map.of("sim", provider));
        ProviderRegistry registry = ProviderRegistry.builder(config).retry(retry).breaker(breaker).meters(meters).build();
        registries.add(registry);
        return registry;
    }

    private static ProviderConfig provider(int maxConcurrency, long timeoutMs) {
        return ProviderConfig.builder().baseUrl(sim.baseUrl()).maxConcurrency(maxConcurrency).timeoutMs(timeoutMs)
                .models(List.of("*")).build();
    }

    private static ChatResult complete(ChatClient client, String model, ObjectNode request) {
        CompletableFuture<ChatResult> call = client.complete(model, request);
        assertThat(call).succeedsWithin(PATIENCE);
        return call.join();
    }

    static ObjectNode request(int i) {
        ObjectNode body = Json.mapper().createObjectNode().put("model", "gpt-4.1").put("temperature", 0.3)
                .put("max_tokens", 200);
        body.putArray("messages")
                .add(Json.mapper().createObjectNode().put("role", "system").put("content", "You label support tickets."))
                .add(Json.mapper().createObjectNode().put("role", "user").put("content", "Ticket " + i + ": it broke. "
                        + Expected.label(LABELS.get(i % LABELS.size()), LABELS).tag()));
        return body;
    }
}
