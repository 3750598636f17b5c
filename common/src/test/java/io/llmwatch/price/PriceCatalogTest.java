package io.llmwatch.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Cost;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.validate.ValidationException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceCatalogTest {

    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
    private static final double EXACT = 1e-12;

    /** input 2.00, output 8.00, cache read 0.50, cache write 2.50 per 1M. */
    private static final ModelPrice CACHED = new ModelPrice("cached-model", "test", List.of(), 2.00, 8.00, 0.50, 2.50, null, null);
    /** output 0.60, reasoning 3.50 per 1M. */
    private static final ModelPrice THINKING = new ModelPrice("thinking-model", "test", List.of(), 0.15, 0.60, null, null, 3.50, null);
    private static final ModelPrice PLAIN = ModelPrice.of("plain-model", "test", 1.00, 4.00);
    /** Tier above 1000 input tokens with no cache prices of its own. */
    private static final ModelPrice TIERED = new ModelPrice("tiered-model", "test", List.of(), 1.00, 4.00, 0.10, 1.25, null,
            new LongContextTier(1000, 2.00, 6.00, null, null));

    private final PriceCatalog catalog = PriceCatalog.of(AS_OF, "test", List.of(CACHED, THINKING, PLAIN, TIERED));

    @Test
    void cachedInputTokensArePricedOnceAtTheirOwnPrice() {
        // input_tokens 10,000 includes 6,000 cache reads and 1,000 cache writes: 3,000 are uncached.
        Usage usage = new Usage(10_000L, 500L, 6_000L, 1_000L, null);

        Cost cost = catalog.cost("cached-model", usage);

        double byHand = (3_000 * 2.00 + 6_000 * 0.50 + 1_000 * 2.50 + 500 * 8.00) / 1e6;
        assertThat(byHand).isEqualTo(0.0155, within(EXACT));
        assertThat(cost.source()).isEqualTo(CostSource.LOCAL);
        assertThat(cost.amount()).isEqualTo(byHand, within(EXACT));
        assertThat(cost.currency()).isEqualTo("USD");
        assertThat(cost.note()).contains("cached-model").contains("2026-11-01");
    }

    @Test
    void cacheTokensWithoutCachePricesCostTheInputPrice() {
        Usage usage = new Usage(10_000L, 500L, 6_000L, 1_000L, null);

        assertThat(catalog.cost("plain-model", usage).amount()).isEqualTo((10_000 * 1.00 + 500 * 4.00) / 1e6, within(EXACT));
    }

    @Test
    void reasoningTokensArePartOfOutputAndNeverAddedOnTop() {
        Usage usage = new Usage(1_000L, 1_000L, null, null, 800L);

        assertThat(catalog.cost("thinking-model", usage).amount())
                .isEqualTo((1_000 * 0.15 + 200 * 0.60 + 800 * 3.50) / 1e6, within(EXACT));
        // Without a reasoning price they are simply output tokens: 1,000 of them, not 1,800.
        assertThat(catalog.cost("plain-model", usage).amount())
                .isEqualTo((1_000 * 1.00 + 1_000 * 4.00) / 1e6, within(EXACT));
    }

    @Test
    void longContextTierPricesTheWholeRequest() {
        PriceCatalog defaults = PriceCatalog.defaults();
        Usage longRequest = new Usage(250_000L, 2_000L, 50_000L, null, null);

        Cost cost = defaults.cost("gemini-2.5-pro", longRequest);

        // Every token at the >200k prices, not only the 50,000 above the threshold.
        assertThat(cost.amount()).isEqualTo((200_000 * 2.50 + 50_000 * 0.25 + 2_000 * 15.00) / 1e6, within(EXACT));
        assertThat(cost.note()).contains("long-context");
        Usage atThreshold = new Usage(200_000L, 2_000L, null, null, null);
        assertThat(defaults.cost("gemini-2.5-pro", atThreshold).amount())
                .isEqualTo((200_000 * 1.25 + 2_000 * 10.00) / 1e6, within(EXACT));
        assertThat(defaults.cost("gemini-2.5-pro", atThreshold).note()).doesNotContain("long-context");
    }

    @Test
    void tierWithoutCachePricesScalesTheBaseCachePrices() {
        Usage usage = new Usage(2_000L, 100L, 1_000L, 500L, null);

        // Tier input is 2x the base input, so cache read 0.10 -> 0.20 and cache write 1.25 -> 2.50.
        assertThat(catalog.cost("tiered-model", usage).amount())
                .isEqualTo((500 * 2.00 + 1_000 * 0.20 + 500 * 2.50 + 100 * 6.00) / 1e6, within(EXACT));
    }

    @Test
    void datedSnapshotsAndProviderPrefixesResolveToTheCatalogEntry() {
        PriceCatalog defaults = PriceCatalog.defaults();

        assertThat(defaults.find("gpt-4.1-2025-04-14")).get().extracting(ModelPrice::model).isEqualTo("gpt-4.1");
        assertThat(defaults.find("openai/gpt-4.1")).get().extracting(ModelPrice::model).isEqualTo("gpt-4.1");
        assertThat(defaults.find("OpenAI/GPT-4.1-2025-04-14")).get().extracting(ModelPrice::model).isEqualTo("gpt-4.1");
        assertThat(defaults.find("gpt-4.1-mini-2025-04-14")).get().extracting(ModelPrice::model).isEqualTo("gpt-4.1-mini");
        assertThat(defaults.find("claude-haiku-4-5-20251001")).get().extracting(ModelPrice::model).isEqualTo("claude-haiku-4-5");
        assertThat(defaults.find("claude-haiku-4-5@20251001")).get().extracting(ModelPrice::model).isEqualTo("claude-haiku-4-5");
        assertThat(defaults.find("openrouter/anthropic/claude-sonnet-4-6")).get().extracting(ModelPrice::model)
                .isEqualTo("claude-sonnet-4-6");
        assertThat(defaults.find("gemini-2.5-flash-latest")).get().extracting(ModelPrice::model).isEqualTo("gemini-2.5-flash");
        assertThat(defaults.find("groq/llama-3.3-70b-versatile")).get().extracting(ModelPrice::model)
                .isEqualTo("llama-3.3-70b-versatile");
        assertThat(defaults.cost("gpt-4.1-2025-04-14", Usage.of(1_000_000, 1_000_000)).amount())
                .isEqualTo(2.00 + 8.00, within(EXACT));
    }

    @Test
    void aSnapshotWithItsOwnPriceIsNotNormalisedAway() {
        PriceCatalog defaults = PriceCatalog.defaults();

        assertThat(defaults.find("gpt-4o-2024-05-13")).get().extracting(ModelPrice::inputPerMtok).isEqualTo(5.00);
        assertThat(defaults.find("openai/gpt-4o-2024-05-13")).get().extracting(ModelPrice::inputPerMtok).isEqualTo(5.00);
        assertThat(defaults.find("gpt-4o-2024-08-06")).get().extracting(ModelPrice::inputPerMtok).isEqualTo(2.50);
    }

    @Test
    void unknownModelIsUnknownWithAReasonNeverZero() {
        Cost cost = catalog.cost("gpt-9-ultra", Usage.of(1_000, 1_000));

        assertThat(cost.source()).isEqualTo(CostSource.UNKNOWN);
        assertThat(cost.amount()).isNull();
        assertThat(cost.known()).isFalse();
        assertThat(cost.note()).isEqualTo("model 'gpt-9-ultra' is not in the price catalog (as of 2026-11-01)");
        assertThat(catalog.find("gpt-9-ultra")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
        assertThat(catalog.cost((String) null, Usage.of(1, 1)).source()).isEqualTo(CostSource.UNKNOWN);
    }

    @Test
    void unknownUsageIsUnknownNeverZero() {
        assertUnknown(catalog.cost("plain-model", null), "usage not reported");
        assertUnknown(catalog.cost("plain-model", new Usage(null, 100L, null, null, null)), "usage.input_tokens");
        assertUnknown(catalog.cost("plain-model", new Usage(100L, null, null, null, null)), "usage.output_tokens");
        assertUnknown(catalog.cost("plain-model", new Usage(100L, 10L, 80L, 40L, null)), "exceed input_tokens");
        assertUnknown(catalog.cost("plain-model", new Usage(100L, 10L, null, null, 11L)), "exceed output_tokens");
        assertUnknown(catalog.cost("plain-model", new Usage(-1L, 10L, null, null, null)), "negative");
    }

    @Test
    void aReportedCostWinsOverTheCatalog() {
        Cost reported = new Cost(0.042, "USD", null, null);
        LlmCall call = call("plain-model", "plain-model", Usage.of(1_000_000, 1_000_000), reported);

        Cost cost = catalog.cost(call);

        assertThat(cost).isSameAs(reported);
        assertThat(cost.source()).isEqualTo(CostSource.PROVIDER);
        assertThat(catalog.cost(call("unlisted", "unlisted", null, reported)).amount()).isEqualTo(0.042);
    }

    @Test
    void aCallIsPricedByItsResponseModelThenItsRequestModel() {
        Usage usage = Usage.of(1_000_000, 1_000_000);

        assertThat(catalog.cost(call("plain-model", "cached-model", usage, null)).amount())
                .isEqualTo(2.00 + 8.00, within(EXACT));
        assertThat(catalog.cost(call("plain-model", "my-private-deployment", usage, null)).amount())
                .isEqualTo(1.00 + 4.00, within(EXACT));
        Cost neither = catalog.cost(call("nope-a", "nope-b", usage, null));
        assertThat(neither.source()).isEqualTo(CostSource.UNKNOWN);
        assertThat(neither.note()).contains("'nope-b'").contains("'nope-a'");
    }

    @Test
    void aFailedCallWithoutUsageIsUnknown() {
        LlmCall failed = new LlmCall(null, "c-1", Instant.parse("2026-11-01T10:00:00Z"), "app", "task", null, null, null,
                null, null, "plain-model", null, null, null, null, null, 12.0, null, null,
                new CallError("timeout", "read timed out"), Map.of(), null);

        assertThat(catalog.cost(failed).source()).isEqualTo(CostSource.UNKNOWN);
    }

    @Test
    void withReplacesOrAddsOneModelAndLeavesTheOriginalAlone() {
        PriceCatalog defaults = PriceCatalog.defaults();
        ModelPrice cheaper = ModelPrice.of("gpt-4.1", "openai", 1.00, 4.00);

        PriceCatalog updated = defaults.with(cheaper).with(ModelPrice.of("sim-small", "simulated", 0.01, 0.02));

        assertThat(updated.cost("gpt-4.1-2025-04-14", Usage.of(1_000_000, 0)).amount()).isEqualTo(1.00, within(EXACT));
        assertThat(updated.find("sim-small")).isPresent();
        assertThat(updated.models()).hasSize(defaults.models().size() + 1);
        assertThat(updated.asOf()).isEqualTo(defaults.asOf());
        assertThat(defaults.cost("gpt-4.1", Usage.of(1_000_000, 0)).amount()).isEqualTo(2.00, within(EXACT));
        assertThat(defaults.find("sim-small")).isEmpty();
        assertThatThrownBy(() -> defaults.with(ModelPrice.of("broken", null, -1, 1)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("input_per_mtok");
    }

    @Test
    void stalenessCountsDaysSinceAsOf() {
        assertThat(catalog.isStale(LocalDate.of(2027, 4, 30), 180)).isFalse();
        assertThat(catalog.isStale(LocalDate.of(2027, 5, 1), 180)).isTrue();
        assertThat(catalog.isStale(AS_OF, 0)).isFalse();
    }

    @Test
    void expectedCostOfATokenProfile() {
        assertThat(catalog.expectedCost("plain-model", 1_500.5, 200.25)).hasValue((1_500.5 * 1.00 + 200.25 * 4.00) / 1e6);
        assertThat(catalog.expectedCost("tiered-model", 5_000, 100)).hasValue((5_000 * 2.00 + 100 * 6.00) / 1e6);
        assertThat(catalog.expectedCost("unlisted", 1, 1)).isEmpty();
    }

    @Test
    void controlEntryIsReadWithTheModelFromItsKey() throws Exception {
        JsonNode value = Json.mapper().readTree("""
                {"input_per_mtok": 0.2, "output_per_mtok": 0.8, "cache_read_per_mtok": 0.05,
                 "long_context": {"above_input_tokens": 128000, "input_per_mtok": 0.4, "output_per_mtok": 1.2}}""");

        ModelPrice price = ModelPrice.fromControl("sim-medium", value);

        assertThat(price.model()).isEqualTo("sim-medium");
        assertThat(price.cacheReadPerMtok()).isEqualTo(0.05);
        assertThat(price.longContext().aboveInputTokens()).isEqualTo(128_000);
        assertThat(ModelPrice.fromJson(price.toJson())).isEqualTo(price);
        assertThatThrownBy(() -> ModelPrice.fromControl("sim-medium", Json.mapper().readTree("{\"output_per_mtok\": 1}")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("input_per_mtok is required");
        assertThatThrownBy(() -> ModelPrice.fromControl("sim-medium",
                Json.mapper().readTree("{\"model\": \"other\", \"input_per_mtok\": 1, \"output_per_mtok\": 1}")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("model");
        assertThatThrownBy(() -> ModelPrice.fromControl("sim-medium",
                Json.mapper().readTree("{\"input_per_mtok\": \"cheap\", \"output_per_mtok\": 1}")))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors().get(0).field()).isEqualTo("input_per_mtok"));
    }

    @Test
    void bindingAnEntryDirectlyNeverTurnsAMissingPriceIntoZero() {
        assertThatThrownBy(() -> Json.mapper().readValue("{\"model\": \"x\", \"output_per_mtok\": 1}", ModelPrice.class))
                .hasMessageContaining("input_per_mtok");
    }

    private static void assertUnknown(Cost cost, String reason) {
        assertThat(cost.source()).isEqualTo(CostSource.UNKNOWN);
        assertThat(cost.amount()).isNull();
        assertThat(cost.note()).contains(reason);
    }

    private static LlmCall call(String requestModel, String responseModel, Usage usage, Cost cost) {
        return new LlmCall(null, "c-1", Instant.parse("2026-11-01T10:00:00Z"), "app", "task", null, null, null, "test",
                null, requestModel, responseModel, null, "ok", "stop", usage, 120.0, null, cost, null, Map.of(), null);
    }
}
