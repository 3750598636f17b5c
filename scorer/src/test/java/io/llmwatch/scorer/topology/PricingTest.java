package io.llmwatch.scorer.topology;

import static io.llmwatch.scorer.CallFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.Cost;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Usage;
import io.llmwatch.scorer.ScorerDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Cost of calls: reported, computed from the catalog, live overrides, and unknown. */
class PricingTest {

    private static final Instant WINDOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant NEXT_WINDOW = WINDOW.plus(Duration.ofMinutes(2));

    @AutoClose
    private final ScorerDriver scorer = new ScorerDriver();

    @Test
    void a_call_is_priced_from_the_catalog() {
        // 1M input tokens at $0.40 + 0.5M output tokens at $1.60 (gpt-4.1-mini in the test catalog)
        scorer.send(call("a", WINDOW).withUsage(Usage.of(1_000_000, 500_000)));

        Cost cost = scorer.scored().get(0).value.cost();
        assertThat(cost.source()).isEqualTo(CostSource.LOCAL);
        assertThat(cost.amount()).isCloseTo(1.20, within(1e-9));
    }

    @Test
    void the_cost_the_application_reports_wins() {
        scorer.send(call("a", WINDOW).withUsage(Usage.of(1_000_000, 500_000))
                .withCost(new Cost(0.05, "USD", CostSource.PROVIDER, null)));

        Cost cost = scorer.scored().get(0).value.cost();
        assertThat(cost.source()).isEqualTo(CostSource.PROVIDER);
        assertThat(cost.amount()).isEqualTo(0.05);
    }

    @Test
    void an_unknown_model_is_unpriced_and_leaves_the_cost_mean_alone() {
        // Given two priced calls and one of a model the catalog does not know, all of one model key
        scorer.send(call("a", WINDOW.plusSeconds(1)).withModel("mystery-1").withCost(new Cost(0.10, "USD", CostSource.PROVIDER, null)))
                .send(call("b", WINDOW.plusSeconds(2)).withModel("mystery-1").withCost(new Cost(0.30, "USD", CostSource.PROVIDER, null)))
                .send(call("c", WINDOW.plusSeconds(3)).withModel("mystery-1"));

        // When the window closes
        scorer.send(call("late", NEXT_WINDOW));

        // Then the unknown cost is flagged, not zero, and the mean covers the priced calls only
        ScoredCall unknown = scorer.scored().get(2).value;
        assertThat(unknown.cost().source()).isEqualTo(CostSource.UNKNOWN);
        assertThat(unknown.cost().amount()).isNull();
        assertThat(unknown.cost().note()).contains("mystery-1");
        ModelStats stats = statsByKey().get("shop/summarize/mystery-1");
        assertThat(stats.calls()).isEqualTo(3);
        assertThat(stats.pricedCalls()).isEqualTo(2);
        assertThat(stats.unpricedCalls()).isEqualTo(1);
        assertThat(stats.costSum()).isCloseTo(0.40, within(1e-9));
        assertThat(stats.costMean()).isCloseTo(0.20, within(1e-9));
    }

    @Test
    void a_live_price_entry_prices_a_model_from_then_on() {
        scorer.send(call("a", WINDOW).withModel("mystery-1").withUsage(Usage.of(1_000_000, 0)));

        scorer.control("price/mystery-1", "{\"input_per_mtok\": 3.0, \"output_per_mtok\": 15.0}")
                .send(call("b", WINDOW.plusSeconds(1)).withModel("mystery-1").withUsage(Usage.of(1_000_000, 0)));

        List<KeyValue<String, ScoredCall>> scored = scorer.scored();
        assertThat(scored.get(0).value.cost().known()).isFalse();
        assertThat(scored.get(1).value.cost().amount()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void a_live_price_entry_overrides_the_catalog_also_for_dated_model_names_and_can_be_removed() {
        scorer.control("price/gpt-4.1", "{\"input_per_mtok\": 1.0, \"output_per_mtok\": 4.0}")
                .send(call("a", WINDOW).withModel("gpt-4.1-2025-04-14").withUsage(Usage.of(1_000_000, 0)))
                .control("price/gpt-4.1", null)
                .send(call("b", WINDOW.plusSeconds(1)).withModel("gpt-4.1-2025-04-14").withUsage(Usage.of(1_000_000, 0)));

        List<KeyValue<String, ScoredCall>> scored = scorer.scored();
        assertThat(scored.get(0).value.cost().amount()).isCloseTo(1.0, within(1e-9));
        assertThat(scored.get(1).value.cost().amount()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void an_unreadable_price_entry_is_ignored() {
        scorer.control("price/gpt-4.1-mini", "{\"input_per_mtok\": -1}")
                .send(call("a", WINDOW).withUsage(Usage.of(1_000_000, 0)));

        assertThat(scorer.scored().get(0).value.cost().amount()).isCloseTo(0.40, within(1e-9));
    }

    private Map<String, ModelStats> statsByKey() {
        return scorer.stats().stream().collect(Collectors.toMap(kv -> kv.value.key().toString(), kv -> kv.value, (a, b) -> b));
    }
}
