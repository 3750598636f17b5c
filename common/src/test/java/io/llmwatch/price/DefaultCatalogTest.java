package io.llmwatch.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundled catalog carries the list prices llmwatch promises (USD per 1M tokens). */
class DefaultCatalogTest {

    private final PriceCatalog defaults = PriceCatalog.defaults();

    @ParameterizedTest
    @CsvSource({
            "gpt-5, 1.25, 10",
            "gpt-5-mini, 0.25, 2",
            "gpt-4.1, 2, 8",
            "gpt-4.1-mini, 0.40, 1.60",
            "gpt-4.1-nano, 0.10, 0.40",
            "gpt-4o, 2.50, 10",
            "gpt-4o-mini, 0.15, 0.60",
            "claude-opus-4-6, 5, 25",
            "claude-sonnet-4-6, 3, 15",
            "claude-haiku-4-5, 1, 5",
            "llama-3.3-70b-versatile, 0.59, 0.79",
            "llama-3.1-8b-instant, 0.05, 0.08",
            "gemini-2.5-pro, 1.25, 10",
            "gemini-2.5-flash, 0.30, 2.50",
            "grok-3-mini, 0.30, 0.50"})
    void listPrices(String model, double input, double output) {
        ModelPrice price = defaults.find(model).orElseThrow();

        assertThat(price.model()).isEqualTo(model);
        assertThat(price.inputPerMtok()).isEqualTo(input);
        assertThat(price.outputPerMtok()).isEqualTo(output);
        assertThat(price.provider()).isNotBlank();
        if (price.cacheReadPerMtok() != null) {
            assertThat(price.cacheReadPerMtok()).isLessThan(price.inputPerMtok());
        }
    }

    @Test
    void datedAndComplete() {
        assertThat(defaults.asOf()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(defaults.source()).isNotBlank();
        assertThat(defaults.models()).allSatisfy(price -> assertThat(price.validate("")).isEmpty());
    }

    @Test
    void anthropicModelsPriceCacheWritesAboveInput() {
        for (String model : new String[] {"claude-opus-4-6", "claude-sonnet-4-6", "claude-haiku-4-5"}) {
            ModelPrice price = defaults.find(model).orElseThrow();
            assertThat(price.cacheWritePerMtok()).isEqualTo(price.inputPerMtok() * 1.25, within(1e-12));
            assertThat(price.cacheReadPerMtok()).isEqualTo(price.inputPerMtok() * 0.10, within(1e-12));
        }
    }

    @Test
    void geminiProHasItsLongContextTier() {
        LongContextTier tier = defaults.find("gemini-2.5-pro").orElseThrow().longContext();

        assertThat(tier).isEqualTo(new LongContextTier(200_000, 2.50, 15.00, 0.25, null));
    }
}
