package io.llmwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.app.run.Component;
import io.llmwatch.app.run.LlmwatchRuntime;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.Usage;
import io.llmwatch.event.Verdict;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.sim.Expected;
import io.llmwatch.sim.SimulatedAnswer;
import io.llmwatch.sim.SimulatedModel;
import io.llmwatch.sim.SimulatedProvider;
import io.llmwatch.topic.Topics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's whole loop on a real embedded broker: production calls posted over HTTP to the
 * collector are sampled, replayed over HTTP against a local simulated provider for each candidate,
 * judged against the call's reference, compared with anytime-valid statistics, and once the cheaper
 * candidate is shown non-inferior the drift detector recommends it and alerts exactly once. Then the
 * service switches its traffic to that candidate, which keeps being replayed against the incumbent
 * (the task's fixed reference) at the maintenance rate. Then the candidate breaks: its comparison's
 * change detector raises an alarm, and the recommendation falls back to the incumbent at once, with
 * an alert that names the alarm (docs/decisions.md).
 */
class ReplayEndToEndTest {

    private static final String APP = "support";
    private static final String TASK = "classify-ticket";
    private static final String INCUMBENT = "gpt-4.1";
    /** As good as the incumbent (both always right), and cheaper: the one to recommend. */
    private static final String EQUAL = "gpt-4.1-mini";
    /** Cheapest, but right only half the time: never eligible. */
    private static final String POOR = "gpt-4.1-nano";
    private static final List<String> LABELS = List.of("bug", "billing", "account", "other");
    private static final String KEY = "test-collector-key";
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final int CALLS_PER_WINDOW = 30;
    /** Windows posted after the alert, so that a second alert would have had its chance. */
    private static final int WINDOWS_AFTER_ALERT = 4;
    private static final Duration DEADLINE = Duration.ofSeconds(80);

    @TempDir
    static Path stateDir;
    static SimulatedProvider sim;
    static LlmwatchRuntime runtime;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        sim = SimulatedProvider.builder()
                .model(SimulatedModel.of(INCUMBENT, 1.0))
                .model(SimulatedModel.of(EQUAL, 1.0))
                .model(SimulatedModel.of(POOR, 0.5))
                .start();
        String yaml = """
                pipeline: {window: 2s, grace: 0s, hysteresis_windows: 2, horizon_windows: 2}
                tasks:
                  - {app: %s, task_type: %s, incumbent: %s, candidates: [%s, %s], margin: 0.1,
                     sample_rate: 1.0, maintenance_rate: 0.5, judge: reference, daily_budget_usd: 100.0, critical: [correctness]}
                providers:
                  sim: {base_url: "%s", models: ["*"], max_concurrency: 16, timeout_ms: 10000}
                """.formatted(APP, TASK, INCUMBENT, EQUAL, POOR, sim.baseUrl());
        LlmwatchConfig config = LlmwatchConfig.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
        runtime = LlmwatchRuntime.start(new LlmwatchRuntime.Options(EnumSet.allOf(Component.class), null, 0, 0, 0,
                stateDir, config, PriceCatalog.defaults(), 1, ApiKeys.of(List.of(KEY))));
        assertThat(runtime.awaitRunning(Duration.ofMinutes(1))).isTrue();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void theCheaperEqualCandidateIsRecommendedWithOneAlertAndTakenBackWhenItBreaks() throws Exception {
        try (TopicReader<Comparison> comparisons = new TopicReader<>(runtime.kafka().bootstrapServers(), Topics.COMPARISONS);
             TopicReader<Recommendation> recommendations = new TopicReader<>(runtime.kafka().bootstrapServers(), Topics.RECOMMENDATIONS);
             TopicReader<DriftAlert> alerts = new TopicReader<>(runtime.kafka().bootstrapServers(), Topics.ALERTS)) {
            // Given production traffic on the incumbent, window after window of event time
            Instant base = Instant.ofEpochMilli(
                    Instant.now().minus(Duration.ofMinutes(10)).toEpochMilli() / WINDOW.toMillis() * WINDOW.toMillis());
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            int windowsAfterAlert = -1;
            int lastWindow = 0;
            for (int window = 0; windowsAfterAlert < WINDOWS_AFTER_ALERT && System.nanoTime() < deadline; window++) {
                // When the calls are posted to the collector, as a service recording its calls would
                HttpResponse<String> posted = post("/v1/events", calls(base.plus(WINDOW.multipliedBy(window)), window, INCUMBENT));
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
                lastWindow = window;
                Thread.sleep(500);
                comparisons.poll();
                recommendations.poll();
                if (windowsAfterAlert >= 0) {
                    windowsAfterAlert++;
                } else if (!optimalModelChanges(alerts.poll()).isEmpty()) {
                    windowsAfterAlert = 0;
                }
            }

            // Then every candidate was replayed for real, over HTTP, against the simulated provider
            assertThat(sim.requests().count(EQUAL)).isPositive();
            assertThat(sim.requests().count(POOR)).isPositive();

            // And each candidate's comparison with the incumbent reached its verdict
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                comparisons.poll();
                assertThat(latest(comparisons.values(), EQUAL)).hasValueSatisfying(c -> {
                    assertThat(c.n()).isPositive();
                    assertThat(c.verdict()).isEqualTo(Verdict.NON_INFERIOR);
                });
                assertThat(latest(comparisons.values(), POOR)).hasValueSatisfying(c -> {
                    assertThat(c.n()).isPositive();
                    assertThat(c.verdict()).isEqualTo(Verdict.WORSE);
                });
            });
            Comparison equal = latest(comparisons.values(), EQUAL).orElseThrow();
            assertThat(equal.incumbent()).isEqualTo(INCUMBENT);
            assertThat(equal.judge()).isEqualTo("reference");
            assertThat(equal.meanDelta()).isEqualTo(0.0);
            assertThat(equal.confidenceSequence().lower()).isGreaterThan(-0.1);
            // scored on both answers by the replay worker, its critical dimension has its own evidence
            assertThat(equal.critical("correctness")).satisfies(correctness -> {
                assertThat(correctness.n()).isPositive();
                assertThat(correctness.meanDelta()).isEqualTo(0.0);
                assertThat(correctness.verdict()).isEqualTo(Verdict.NON_INFERIOR);
            });

            // And the recommendation moved to the cheaper candidate on that evidence
            recommendations.readToEnd(Duration.ofSeconds(20));
            Recommendation last = recommendations.values().stream()
                    .filter(r -> r.app().equals(APP) && r.taskType().equals(TASK))
                    .reduce((first, second) -> second).orElseThrow();
            assertThat(last.recommendedModel()).isEqualTo(EQUAL);
            assertThat(last.incumbent()).isEqualTo(INCUMBENT);
            assertThat(last.basis()).isEqualTo("paired_non_inferiority");
            assertThat(recommendations.values()).anySatisfy(r -> assertThat(r.recommendedModel()).isEqualTo(INCUMBENT));

            // And exactly one alert said so, with the paired evidence
            List<DriftAlert> changes = optimalModelChanges(alerts.readToEnd(Duration.ofSeconds(20)));
            assertThat(changes).hasSize(1);
            DriftAlert alert = changes.get(0);
            assertThat(alert.app()).isEqualTo(APP);
            assertThat(alert.taskType()).isEqualTo(TASK);
            Evidence evidence = alert.evidence();
            assertThat(evidence.fromModel()).isEqualTo(INCUMBENT);
            assertThat(evidence.toModel()).isEqualTo(EQUAL);
            assertThat(evidence.n()).isPositive();
            assertThat(evidence.ciLow()).isGreaterThan(-0.1);
            assertThat(evidence.ciHigh()).isGreaterThanOrEqualTo(evidence.ciLow());
            assertThat(evidence.costPerCallAfter()).isLessThan(evidence.costPerCallBefore());
            assertThat(evidence.details()).containsEntry("basis", "paired_non_inferiority");

            // When the service follows the recommendation: its calls are now served by the cheaper model
            long referenceReplays = sim.requests().count(INCUMBENT);
            int switchedWindows = 3;
            for (int window = lastWindow + 1; window <= lastWindow + switchedWindows; window++) {
                HttpResponse<String> posted = post("/v1/events", calls(base.plus(WINDOW.multipliedBy(window)), window, EQUAL));
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
                Thread.sleep(500);
            }
            lastWindow += switchedWindows;

            // Then the model now in production is still compared with the incumbent, replayed as the control
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                comparisons.poll();
                assertThat(sim.requests().count(INCUMBENT)).isGreaterThan(referenceReplays);
                assertThat(latest(comparisons.values(), EQUAL)).hasValueSatisfying(c -> {
                    assertThat(c.incumbent()).isEqualTo(INCUMBENT);
                    assertThat(c.n()).isGreaterThan(equal.n());
                });
            });

            // When the model in production breaks: it now answers right only half the time
            sim.setQuality(EQUAL, 0.5);
            List<DriftAlert> fallBack = List.of();
            long breakDeadline = System.nanoTime() + DEADLINE.toNanos();
            for (int window = lastWindow + 1; fallBack.isEmpty() && System.nanoTime() < breakDeadline; window++) {
                HttpResponse<String> posted = post("/v1/events", calls(base.plus(WINDOW.multipliedBy(window)), window, EQUAL));
                assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
                Thread.sleep(500);
                comparisons.poll();
                fallBack = optimalModelChanges(alerts.poll()).stream()
                        .filter(a -> a.model().equals(INCUMBENT)).toList();
            }

            // Then its comparison with the incumbent raised a change alarm and started its evidence afresh
            Comparison broken = comparisons.values().stream()
                    .filter(c -> c.candidate().equals(EQUAL) && c.restarts() > 0).findFirst().orElseThrow();
            assertThat(broken.incumbent()).isEqualTo(INCUMBENT);
            assertThat(broken.alarm()).contains("the mean fell");
            assertThat(broken.state()).isEqualTo(EvidenceState.ALARMED);

            // And the recommendation went back to the incumbent at once, with an alert naming the alarm
            assertThat(fallBack).singleElement().satisfies(back -> {
                assertThat(back.evidence().fromModel()).isEqualTo(EQUAL);
                assertThat(back.evidence().toModel()).isEqualTo(INCUMBENT);
                assertThat(back.summary()).contains("back to " + INCUMBENT).contains("the mean fell");
            });

            // And the drift detector's alert about its paired quality came from the same alarm
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                alerts.poll();
                assertThat(alerts.values()).filteredOn(a -> a.type() == AlertType.QUALITY_DRIFT
                        && a.dedupKey().endsWith("/" + EQUAL + "/paired")).singleElement().satisfies(paired -> {
                            assertThat(paired.summary()).contains("no longer eligible (change alarm " + broken.alarm());
                            assertThat(paired.evidence().details()).containsEntry("detector", "confidence_sequence_change");
                        });
            });
        }
    }

    /**
     * One window of production calls, each a distinct classification prompt that carries its correct
     * label, answered by {@code model} of the simulated provider, with that label as the reference.
     */
    private static List<LlmCall> calls(Instant windowStart, int window, String model) {
        List<LlmCall> calls = new ArrayList<>();
        for (int i = 0; i < CALLS_PER_WINDOW; i++) {
            String label = LABELS.get((window * CALLS_PER_WINDOW + i) % LABELS.size());
            ObjectNode request = Json.mapper().createObjectNode().put("model", model);
            request.putArray("messages")
                    .add(message("system", "Classify the support ticket. Answer with one label of " + LABELS + "."))
                    .add(message("user", "Ticket " + window + "-" + i + ": something about " + label + ". "
                            + Expected.label(label, LABELS).tag()));
            SimulatedAnswer answer = sim.answer(model, request);
            ObjectNode reference = Json.mapper().createObjectNode().put("expected_output", label);
            calls.add(new LlmCall(null, "call-" + window + "-" + i, windowStart.plusMillis(50L * i), APP, TASK, null,
                    null, null, "openai", null, model, model, request, answer.outputText(), answer.finishReason(),
                    Usage.of(answer.promptTokens(), answer.completionTokens()), 400.0 + i, null, null, null, Map.of(),
                    reference));
        }
        return calls;
    }

    private static ObjectNode message(String role, String content) {
        return Json.mapper().createObjectNode().put("role", role).put("content", content);
    }

    private static Optional<Comparison> latest(List<Comparison> comparisons, String candidate) {
        return comparisons.stream()
                .filter(c -> c.app().equals(APP) && c.taskType().equals(TASK) && c.candidate().equals(candidate))
                .reduce((first, second) -> second);
    }

    private static List<DriftAlert> optimalModelChanges(List<DriftAlert> alerts) {
        return alerts.stream().filter(a -> a.type() == AlertType.OPTIMAL_MODEL_CHANGED).toList();
    }

    private static HttpResponse<String> post(String path, Object body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.collectorPort() + path))
                .header("Content-Type", "application/json")
                .header("X-LLMWatch-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
