package io.llmwatch.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.config.PricesConfig;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading catalogs from files: LiteLLM's price file and llmwatch's own format. */
class CatalogFilesTest {

    private static final String SAMPLE = "litellm-sample.json";

    @TempDir
    Path dir;

    @Test
    void liteLlmFileKeepsPricedTextModelsAndSkipsTheRest() throws Exception {
        Path file = copySample();
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-10-20T12:00:00Z")));

        PriceCatalog catalog = PriceCatalog.load(file);

        assertThat(catalog.asOf()).isEqualTo(LocalDate.of(2026, 10, 20));
        assertThat(catalog.source()).contains(file.toString()).contains("LiteLLM");
        assertThat(catalog.models()).extracting(ModelPrice::model).containsExactly(
                "gpt-4.1", "gpt-4.1-mini", "claude-sonnet-4-5", "gemini/gemini-2.5-pro",
                "gemini/gemini-2.5-flash-preview-04-17", "groq/llama-3.3-70b-versatile", "gpt-3.5-turbo-instruct");
        assertThat(catalog.find("sample_spec")).isEmpty();
        assertThat(catalog.find("text-embedding-3-small")).isEmpty();
        assertThat(catalog.find("dall-e-3")).isEmpty();
        assertThat(catalog.find("ollama/llama3")).isEmpty();
    }

    @Test
    void liteLlmPricesPerTokenBecomePricesPerMillionTokens() {
        PriceCatalog catalog = PriceCatalog.fromLiteLlm(sample(), LocalDate.of(2026, 11, 1));

        ModelPrice gpt41 = catalog.find("gpt-4.1").orElseThrow();
        assertThat(gpt41.inputPerMtok()).isEqualTo(2.00);
        assertThat(gpt41.outputPerMtok()).isEqualTo(8.00);
        assertThat(gpt41.cacheReadPerMtok()).isEqualTo(0.50);
        assertThat(gpt41.cacheWritePerMtok()).isNull();
        assertThat(gpt41.provider()).isEqualTo("openai");
        assertThat(catalog.find("gpt-4.1-mini").orElseThrow().outputPerMtok()).isEqualTo(1.60);

        ModelPrice sonnet = catalog.find("claude-sonnet-4-5-20250929").orElseThrow();
        assertThat(sonnet.cacheWritePerMtok()).isEqualTo(3.75);
        assertThat(sonnet.longContext()).isEqualTo(new LongContextTier(200_000, 6.00, 22.50, 0.60, 7.50));

        ModelPrice flash = catalog.find("gemini/gemini-2.5-flash-preview-04-17").orElseThrow();
        assertThat(flash.reasoningPerMtok()).isEqualTo(3.50);
        assertThat(catalog.find("gemini-2.5-pro").orElseThrow().longContext().inputPerMtok()).isEqualTo(2.50);
    }

    @Test
    void providerPrefixedLiteLlmNamesPriceUnprefixedCalls() {
        PriceCatalog catalog = PriceCatalog.fromLiteLlm(sample(), LocalDate.of(2026, 11, 1));

        assertThat(catalog.cost("llama-3.3-70b-versatile", Usage.of(1_000_000, 1_000_000)).amount())
                .isEqualTo(0.59 + 0.79, within(1e-12));
        assertThat(catalog.cost("claude-sonnet-4-5", new Usage(300_000L, 1_000L, 100_000L, 50_000L, null)).amount())
                .isEqualTo((150_000 * 6.00 + 100_000 * 0.60 + 50_000 * 7.50 + 1_000 * 22.50) / 1e6, within(1e-12));
    }

    @Test
    void aBadLiteLlmPriceIsNamedWithItsModelAndFile() throws Exception {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, """
                {"sample_spec": {"input_cost_per_token": "text is fine here"},
                 "good-model": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "mode": "chat"},
                 "bad-model": {"input_cost_per_token": "cheap", "output_cost_per_token": -2e-06, "mode": "chat"}}""");

        assertThatThrownBy(() -> PriceCatalog.load(file))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors()).extracting(FieldError::field)
                        .containsExactly("bad-model.input_cost_per_token", "bad-model.output_cost_per_token"))
                .hasMessageContaining(file.toString());
    }

    @Test
    void ownFormatRoundTripsThroughAFile() throws Exception {
        PriceCatalog defaults = PriceCatalog.defaults();
        Path file = dir.resolve("catalog.json");
        Files.write(file, Json.mapper().writeValueAsBytes(defaults.toJson()));

        PriceCatalog loaded = PriceCatalog.load(file);

        assertThat(loaded.asOf()).isEqualTo(defaults.asOf());
        assertThat(loaded.models()).isEqualTo(defaults.models());
        assertThat(PriceCatalog.from(new PricesConfig(file.toString(), 180)).models()).isEqualTo(defaults.models());
        assertThat(PriceCatalog.from(new PricesConfig(null, 180))).isSameAs(defaults);
    }

    @Test
    void ownFormatErrorsNameTheField() throws Exception {
        assertRejected("""
                {"schema": "llmwatch.price-catalog.v2", "as_of": "2026-11-01", "models": []}""",
                "schema", "llmwatch.price-catalog.v2");
        assertRejected("""
                {"schema": "llmwatch.price-catalog.v1", "as_of": "yesterday", "models": []}""",
                "as_of", "YYYY-MM-DD");
        assertRejected("""
                {"schema": "llmwatch.price-catalog.v1", "as_of": "2026-11-01", "currency": "EUR", "models": []}""",
                "currency", "USD");
        assertRejected("""
                {"schema": "llmwatch.price-catalog.v1", "as_of": "2026-11-01",
                 "models": [{"model": "a", "input_per_mtok": 1, "output_per_mtok": 1},
                            {"model": "b", "output_per_mtok": 1}]}""",
                "models[1].input_per_mtok", "is required");
        assertRejected("""
                {"schema": "llmwatch.price-catalog.v1", "as_of": "2026-11-01",
                 "models": [{"model": "a", "input_per_mtok": 1, "output_per_mtok": "lots"}]}""",
                "models[0].output_per_mtok", "wrong type");
        assertRejected("""
                {"schema": "llmwatch.price-catalog.v1", "as_of": "2026-11-01",
                 "models": [{"model": "a", "input_per_mtok": 1, "output_per_mtok": 1,
                             "long_context": {"above_input_tokens": 0, "input_per_mtok": 2, "output_per_mtok": 2}}]}""",
                "models[0].long_context.above_input_tokens", "> 0");
        assertRejected("""
                {"schema": "llmwatch.price-catalog.v1", "as_of": "2026-11-01",
                 "models": [{"model": "a", "input_per_mtok": 1, "output_per_mtok": 1},
                            {"model": "A", "input_per_mtok": 2, "output_per_mtok": 2}]}""",
                "models[1].model", "listed twice");
        assertRejected("{not json", "$", "not valid JSON");
    }

    private void assertRejected(String json, String field, String message) throws Exception {
        Path file = Files.writeString(Files.createTempFile(dir, "catalog", ".json"), json);
        assertThatThrownBy(() -> PriceCatalog.load(file))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors())
                        .anySatisfy(error -> {
                            assertThat(error.field()).isEqualTo(field);
                            assertThat(error.message()).contains(message);
                        }));
    }

    private Path copySample() throws Exception {
        Path file = dir.resolve("model_prices_and_context_window.json");
        try (InputStream in = sample()) {
            Files.copy(in, file);
        }
        return file;
    }

    private static InputStream sample() {
        return Objects.requireNonNull(CatalogFilesTest.class.getResourceAsStream(SAMPLE), SAMPLE);
    }
}
