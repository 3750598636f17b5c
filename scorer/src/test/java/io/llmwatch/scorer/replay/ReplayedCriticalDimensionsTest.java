package io.llmwatch.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.config.CriticalDimensions;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.config.QualityProfile;
import io.llmwatch.config.ReplayConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.provider.ProviderRegistry;
import io.llmwatch.scorer.quality.RdabProfile;
import io.llmwatch.price.LivePrices;
import io.llmwatch.sim.Latency;
import io.llmwatch.sim.SimulatedModel;
import io.llmwatch.sim.SimulatedProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replayer scores a task's critical dimensions on the candidate's answer and on production's,
 * with a real provider over HTTP: the judgement carries their paired deltas, whatever the judge did.
 */
class ReplayedCriticalDimensionsTest {

    private static final String INCUMBENT = "sim-incumbent";
    private static final String CANDIDATE = "sim-cheap";
    /** What production answered: RDAB's four statistical-validity checks all pass. */
    private static final String PRODUCTION = "A two-proportion z-test rejects the null hypothesis (p = 0.003, 95 % CI"
            + " [0.8, 3.1] points): the lift is statistically significant, with an effect size of 1.9 points.";

    private static SimulatedProvider sim;
    private static ProviderRegistry providers;

    @BeforeAll
    static void start() {
        sim = SimulatedProvider.builder().model(SimulatedModel.of(CANDIDATE, 0.9).withLatency(Latency.fixed(1))).start();
        providers = ProviderRegistry.builder(LlmwatchConfig.empty().withProviders(Map.of("sim",
                ProviderConfig.builder().baseUrl(sim.baseUrl()).maxConcurrency(4).timeoutMs(5_000L)
                        .models(List.of(CANDIDATE)).build()))).build();
    }

    @AfterAll
    static void stop() {
        providers.close();
        sim.close();
    }

    @Test
    void theJudgementCarriesTheCriticalDimensionsPairedDeltas() throws Exception {
        // Given an A/B-test readout task under RDAB's profile, with stat_validity and format critical
        TaskConfig task = TaskConfig.builder().app("analytics").taskType("ab-test-readout").incumbent(INCUMBENT)
                .candidates(List.of(CANDIDATE)).margin(0.02).judge("exact")
                .profile(new QualityProfile("rdab", "statistical_inference", "easy", null))
                .critical(CriticalDimensions.named("stat_validity", "format")).build();
        Replayer replayer = new Replayer(providers, kind -> null, new LivePrices(PriceCatalog.defaults(), key -> null),
                new ReplayBody(ReplayConfig.DEFAULT), Clock.systemUTC(), key -> key.equals(task.key()) ? task : null);

        // When a call whose production answer reasons statistically is replayed on a candidate that answers
        // with a short label (the simulator's answer)
        ObjectNode body = Json.mapper().createObjectNode().put("model", INCUMBENT);
        body.putArray("messages").add(Json.mapper().createObjectNode().put("role", "user").put("content",
                "Did the new checkout lift conversion?"));
        ReplayRequest request = ReplayRequest.builder().callId("call-1").callTimestamp(Instant.now()).app("analytics")
                .taskType("ab-test-readout").incumbent(INCUMBENT).provider("openai").request(body).originalOutput(PRODUCTION)
                .originalUsage(Usage.of(300, 60)).originalCostUsd(0.001).judge("exact").targets(List.of(CANDIDATE))
                .projectedCostUsd(Map.of(CANDIDATE, 0.0001)).requestedAt(Instant.now()).build();
        ReplayResult result = replayer.replay(request).get().get(0);

        // Then its judgement, without a judge's delta, carries both dimensions' deltas from the two answers
        assertThat(result.failed()).isFalse();
        assertThat(result.judgement().delta()).isNull();
        assertThat(result.judgement().explanation()).contains("self-replay");
        String answer = result.outputText();
        assertThat(result.judgement().dimensions()).containsOnlyKeys("stat_validity", "format");
        assertThat(result.judgement().dimensions().get("stat_validity"))
                .isEqualTo(RdabProfile.statValidity(answer, "statistical_inference") - 1.0)
                .isNegative();
        assertThat(result.judgement().dimensions().get("format")).isEqualTo(0.0);
        assertThat(result.validate()).isEmpty();
    }
}
