package io.llmwatch.scorer.topology;

import static io.llmwatch.scorer.CallFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.Cost;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.ModelStats;
import io.llmwatch.scorer.CallFixture;
import io.llmwatch.scorer.ScorerDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Per-model statistics over tumbling event-time windows, emitted once when a window closes. */
class ModelStatsTest {

    private static final Instant W1 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant W2 = W1.plus(Duration.ofMinutes(1));
    private static final Instant W3 = W1.plus(Duration.ofMinutes(2));

    @AutoClose
    private final ScorerDriver scorer = new ScorerDriver();

    @Test
    void each_window_reports_latency_quantiles_cost_mean_and_errors() {
        // Given window 1: 100 calls with latencies 10, 20, …, 1000 ms, cost 0.01 each, 2 of them failed,
        // the others matching their reference
        for (int i = 1; i <= 100; i++) {
            CallFixture call = call("w1-" + i, W1.plusMillis(i * 100L)).withLatency(i * 10.0)
                    .withCost(new Cost(0.01, "USD", CostSource.PROVIDER, null))
                    .withReference("{\"expected_output\":\"A short summary.\"}");
            scorer.send(i % 40 == 0 ? call.failed("timeout") : call);
        }
        // and window 2: 10 calls of 2 s at 0.05, one failed
        for (int i = 1; i <= 10; i++) {
            CallFixture call = call("w2-" + i, W2.plusSeconds(i)).withLatency(2_000)
                    .withCost(new Cost(0.05, "USD", CostSource.PROVIDER, null));
            scorer.send(i == 1 ? call.failed("rate_limit") : call);
        }

        // When a call of the third window closes both
        scorer.send(call("w3", W3.plusSeconds(1)));

        // Then
        List<KeyValue<String, ModelStats>> stats = scorer.stats();
        assertThat(stats).hasSize(2);
        ModelStats first = stats.get(0).value;
        assertThat(first.window().start()).isEqualTo(W1);
        assertThat(first.window().end()).isEqualTo(W2);
        assertThat(first.calls()).isEqualTo(100);
        assertThat(first.errors()).isEqualTo(2);
        assertThat(first.errorRate()).isEqualTo(0.02);
        assertThat(first.costMean()).isCloseTo(0.01, within(1e-12));
        assertThat(first.latencyP50Ms()).isCloseTo(500.0, within(500 * 0.05));
        assertThat(first.latencyP95Ms()).isCloseTo(950.0, within(950 * 0.05));
        assertThat(first.qualityN()).isEqualTo(100);
        // 98 good calls score 1; each failed one correctness 0 (no output), format 0 and efficiency 1/2
        // (halved): (0.15·0.5) / (0.50 + 0.20 + 0.15)
        assertThat(first.qualityMean()).isCloseTo((98 + 2 * (0.15 * 0.5) / 0.85) / 100, within(1e-9));

        ModelStats second = stats.get(1).value;
        assertThat(second.window().start()).isEqualTo(W2);
        assertThat(second.calls()).isEqualTo(10);
        assertThat(second.errors()).isEqualTo(1);
        assertThat(second.costMean()).isCloseTo(0.05, within(1e-12));
        assertThat(second.latencyP50Ms()).isCloseTo(2_000.0, within(100.0));
        assertThat(second.inputTokens()).isEqualTo(10_000);
        assertThat(second.outputTokens()).isEqualTo(2_000);
    }

    @Test
    void nothing_is_emitted_until_the_window_closes_then_exactly_once() {
        scorer.send(call("a", W1.plusSeconds(1))).send(call("b", W1.plusSeconds(59)));
        assertThat(scorer.stats()).isEmpty();

        scorer.send(call("c", W2.plusSeconds(1)));
        assertThat(scorer.stats()).singleElement().satisfies(kv -> assertThat(kv.value.calls()).isEqualTo(2));

        scorer.send(call("d", W2.plusSeconds(2)));
        assertThat(scorer.stats()).isEmpty();
    }

    @Test
    void models_are_kept_apart() {
        scorer.send(call("a", W1.plusSeconds(1)))
                .send(call("b", W1.plusSeconds(2)).withModel("gpt-4.1"))
                .send(call("c", W1.plusSeconds(3)).withModel("gpt-4.1"))
                .send(call("late", W3));

        assertThat(scorer.stats()).extracting(kv -> kv.key + "=" + kv.value.calls())
                .containsExactlyInAnyOrder("shop/summarize/gpt-4.1-mini=1", "shop/summarize/gpt-4.1=2");
    }

    @Test
    void a_call_later_than_the_grace_period_still_is_scored_but_not_counted() {
        scorer.send(call("a", W1.plusSeconds(1))).send(call("b", W2.plusSeconds(1)));
        assertThat(scorer.stats()).hasSize(1);

        scorer.send(call("too-late", W1.plusSeconds(30))).send(call("c", W3.plusSeconds(1)));

        assertThat(scorer.stats()).singleElement().satisfies(kv -> assertThat(kv.value.window().start()).isEqualTo(W2));
        assertThat(scorer.scored()).extracting(kv -> kv.key).contains("too-late");
    }
}
