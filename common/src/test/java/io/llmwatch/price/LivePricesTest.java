package io.llmwatch.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Live {@code price/<model>} entries over the catalog, as every component prices. */
class LivePricesTest {

    private static final PriceCatalog CATALOG = PriceCatalog.of(LocalDate.of(2026, 11, 1), "test",
            List.of(ModelPrice.of("gpt-4.1", "openai", 2.00, 8.00)));
    private static final Usage MILLION_IN = new Usage(1_000_000L, 0L, null, null, null);

    private final Map<String, JsonNode> control = new HashMap<>();
    private final LivePrices prices = new LivePrices(CATALOG, control::get);

    @Test
    void aLivePriceAppliesUnderTheModelsNameAndItsCatalogEntrysAndGoesAwayWithIt() throws Exception {
        assertThat(prices.cost("gpt-4.1-2025-04-14", MILLION_IN).amount()).isCloseTo(2.00, within(1e-9));

        control.put("price/gpt-4.1", Json.mapper().readTree("{\"input_per_mtok\": 1.0, \"output_per_mtok\": 4.0}"));
        assertThat(prices.cost("gpt-4.1-2025-04-14", MILLION_IN).amount()).isCloseTo(1.00, within(1e-9));
        assertThat(prices.entry("gpt-4.1-2025-04-14")).hasValueSatisfying(e -> assertThat(e.key()).isEqualTo("price/gpt-4.1"));

        control.remove("price/gpt-4.1");
        assertThat(prices.cost("gpt-4.1", MILLION_IN).amount()).isCloseTo(2.00, within(1e-9));
        assertThat(prices.entry("gpt-4.1")).isEmpty();
    }

    @Test
    void anUnreadableLivePriceIsIgnored() throws Exception {
        control.put("price/gpt-4.1", Json.mapper().readTree("{\"input_per_mtok\": \"cheap\"}"));

        assertThat(prices.cost("gpt-4.1", MILLION_IN).amount()).isCloseTo(2.00, within(1e-9));
        assertThat(prices.entry("gpt-4.1")).isEmpty();
    }

    @Test
    void aModelOnlyOnTheControlTopicIsPriced() throws Exception {
        control.put("price/new-model", Json.mapper().readTree("{\"input_per_mtok\": 3.0, \"output_per_mtok\": 4.0}"));

        assertThat(prices.cost("new-model", MILLION_IN).amount()).isCloseTo(3.00, within(1e-9));
        assertThat(CATALOG.cost("new-model", MILLION_IN).known()).isFalse();
    }
}
