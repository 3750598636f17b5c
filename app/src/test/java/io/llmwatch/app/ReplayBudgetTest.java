package io.llmwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.app.run.Component;
import io.llmwatch.app.run.LlmwatchRuntime;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.replay.ReplayBody;
import io.llmwatch.sim.SimulatedModel;
import io.llmwatch.sim.SimulatedProvider;
import io.llmwatch.topic.Topics;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily replay budget against calls that under-declare their usage: each declares one input
 * token while its prompt is ~20 KB, which the simulated provider bills as it would (about four
 * characters per token), and asks for {@code n: 8}, {@code max_tokens: 100000} and streaming. The
 * scorer and the replay worker run for real; the spend is reconciled from what lands on
 * {@code llmwatch.replay.results}.
 */
class ReplayBudgetTest {

    private static final String APP = "budget";
    private static final String TASK = "summarize";
    private static final String INCUMBENT = "gpt-4.1-nano";
    private static final String CANDIDATE = "gpt-4.1-mini";
    private static final double BUDGET_USD = 0.02;
    private static final int MAX_TOKENS = 256;
    private static final int CALLS = 60;
    private static final int PROMPT_CHARS = 20_000;

    @TempDir
    Path stateDir;

    @Test
    void reconciledSpendStaysWithinTheBudgetPlusOneReplaysBound() throws Exception {
        try (SimulatedProvider sim = SimulatedProvider.builder()
                .model(SimulatedModel.of(INCUMBENT, 0.9)).model(SimulatedModel.of(CANDIDATE, 0.9)).start()) {
            String yaml = """
                    tasks:
                      - {app: %s, task_type: %s, incumbent: %s, candidates: [%s], sample_rate: 1.0,
                         judge: reference, daily_budget_usd: %s}
                    providers:
                      sim: {base_url: "%s", models: ["*"], max_concurrency: 16, timeout_ms: 10000}
                    replay: {max_tokens: %d, max_n: 1}
                    """.formatted(APP, TASK, INCUMBENT, CANDIDATE, BUDGET_USD, sim.baseUrl(), MAX_TOKENS);
            LlmwatchConfig config = LlmwatchConfig.read(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
            try (LlmwatchRuntime runtime = LlmwatchRuntime.start(new LlmwatchRuntime.Options(
                    EnumSet.of(Component.SCORER), null, 0, 0, 0, stateDir, config, PriceCatalog.defaults(), 1));
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.kafka().bootstrapServers()),
                         new StringSerializer(), new ByteArraySerializer());
                 TopicReader<ReplayRequest> requests = new TopicReader<>(runtime.kafka().bootstrapServers(), Topics.REPLAY_REQUESTS);
                 TopicReader<ReplayResult> results = new TopicReader<>(runtime.kafka().bootstrapServers(), Topics.REPLAY_RESULTS)) {
                assertThat(runtime.awaitRunning(Duration.ofMinutes(1))).isTrue();

                // Given calls arriving one by one, so that earlier replays' actual costs come back in between
                for (int i = 0; i < CALLS; i++) {
                    LlmCall call = call("call-" + i);
                    producer.send(new ProducerRecord<>(Topics.CALLS.name(), call.callId(),
                            Topics.CALLS.valueSerde().serializer().serialize(Topics.CALLS.name(), call))).get();
                    Thread.sleep(100);
                }

                // When every replay requested has its result
                AtomicInteger stable = new AtomicInteger();
                Set<String> seen = new HashSet<>();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    Set<String> expected = new HashSet<>();
                    requests.poll();
                    requests.values().forEach(r -> r.targets().forEach(t -> expected.add(ReplayResult.resultId(r.callId(), t))));
                    results.poll();
                    Set<String> done = new HashSet<>();
                    results.values().forEach(r -> done.add(r.resultId()));
                    boolean same = expected.equals(seen);
                    seen.clear();
                    seen.addAll(expected);
                    return !expected.isEmpty() && done.containsAll(expected) && (same ? stable.incrementAndGet() : stable.getAndSet(0)) >= 3;
                });

                // Then each budget line's reconciled actual spend is within its budget plus one replay's bound
                Map<String, Double> spent = new TreeMap<>();
                results.values().stream().filter(r -> r.cost() != null && r.cost().known())
                        .forEach(r -> spent.merge(r.model(), r.cost().amount(), Double::sum));
                ReplayRequest first = requests.values().get(0);
                long inputBound = ReplayBody.inputTokenBound(first.request(), 1L);
                double oneReplay = PriceCatalog.defaults().expectedCost(CANDIDATE, inputBound, MAX_TOKENS).getAsDouble();
                System.out.printf("replay budget: %d calls, %d replay requests, actual spend %s against a budget of $%.4f"
                        + " (one replay's bound $%.4f)%n", CALLS, requests.values().size(), spent, BUDGET_USD, oneReplay);
                assertThat(spent.get(CANDIDATE)).isPositive().isLessThanOrEqualTo(BUDGET_USD + oneReplay);
                assertThat(spent.values()).allSatisfy(usd -> assertThat(usd).isLessThanOrEqualTo(BUDGET_USD + oneReplay));

                // And what was replayed asked for one choice of at most max_tokens, not streamed, without credentials
                assertThat(requests.values()).allSatisfy(request -> {
                    assertThat(request.request().path("n").asInt()).isEqualTo(1);
                    assertThat(request.request().path("max_tokens").asInt()).isEqualTo(MAX_TOKENS);
                    assertThat(request.request().has("stream")).isFalse();
                    assertThat(request.request().has("api_key")).isFalse();
                });
                // And the provider billed what the prompt is, not what the call declared
                assertThat(results.values()).allSatisfy(r -> assertThat(r.failed()).as("%s", r.error()).isFalse());
                assertThat(results.values()).allSatisfy(r -> assertThat(r.usage().inputTokens()).isGreaterThan(PROMPT_CHARS / 5));
            }
        }
    }

    private static LlmCall call(String callId) {
        ObjectNode request = Json.mapper().createObjectNode().put("model", INCUMBENT).put("n", 8)
                .put("max_tokens", 100_000).put("stream", true).put("api_key", "sk-recorded-by-mistake-0123456789");
        String prompt = ("Summarize ticket " + callId + ": the export fails for accounts with several workspaces. ")
                .repeat(PROMPT_CHARS / 80);
        request.putArray("messages").addObject().put("role", "user").put("content", prompt);
        ObjectNode reference = Json.mapper().createObjectNode().put("expected_output", "Export fails.");
        return new LlmCall(null, callId, Instant.now(), APP, TASK, null, null, null, "openai", null, INCUMBENT, INCUMBENT,
                request, "Export fails.", "stop", Usage.of(1, 1), 300.0, null, null, null, Map.of(), reference);
    }
}
