package io.llmwatch.price;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.PricesConfig;
import io.llmwatch.event.Cost;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Versioned, dated list prices of LLMs, and the cost of a call computed from them (docs/architecture.md §4).
 * Immutable and thread-safe; {@link #with} returns a changed copy, so a live {@code price/<model>}
 * update from {@code llmwatch.control} swaps one reference.
 *
 * <p>Sources: the bundled default catalog ({@link #defaults()}), a file in llmwatch's own format
 * (schema {@value #SCHEMA}, {@link LlmwatchFormat}), or LiteLLM's
 * {@code model_prices_and_context_window.json} ({@link LiteLlmFormat}); {@link CatalogFiles} reads
 * files, streams and the bundled resource and tells the formats apart.
 *
 * <p>A model that is not in the catalog, or a call whose token counts are unknown, is priced as
 * {@link Cost#unknown unknown} with the reason, never as zero.
 */
public final class PriceCatalog implements Pricing {

    /** Schema of llmwatch's own catalog format. */
    public static final String SCHEMA = "llmwatch.price-catalog.v1";

    private final LocalDate asOf;
    private final String source;
    private final List<ModelPrice> models;
    private final Map<String, ModelPrice> byName;
    private final Map<String, ModelPrice> byAlias;
    private final Map<String, ModelPrice> byNormalisedName;

    private PriceCatalog(LocalDate asOf, String source, List<ModelPrice> models) {
        this.asOf = asOf;
        this.source = source;
        this.models = List.copyOf(models);
        Map<String, ModelPrice> names = new HashMap<>();
        Map<String, ModelPrice> aliases = new HashMap<>();
        Map<String, ModelPrice> normalised = new HashMap<>();
        for (ModelPrice price : this.models) {
            names.put(ModelNames.key(price.model()), price);
            price.aliases().forEach(alias -> aliases.putIfAbsent(ModelNames.key(alias), price));
            // An entry already named in normal form owns that form (gemini-2.5-pro over gemini/gemini-2.5-pro).
            String normal = ModelNames.normalise(price.model());
            if (normal.equals(ModelNames.key(price.model()))) {
                normalised.put(normal, price);
            }
        }
        for (ModelPrice price : this.models) {
            normalised.putIfAbsent(ModelNames.normalise(price.model()), price);
            price.aliases().forEach(alias -> normalised.putIfAbsent(ModelNames.normalise(alias), price));
        }
        this.byName = Map.copyOf(names);
        this.byAlias = Map.copyOf(aliases);
        this.byNormalisedName = Map.copyOf(normalised);
    }

    /**
     * A catalog of these entries.
     *
     * @param source where the prices come from, for people (a file name, "bundled default", …)
     * @throws ValidationException naming the offending entry when one is invalid or listed twice
     */
    public static PriceCatalog of(LocalDate asOf, String source, Collection<ModelPrice> models) {
        List<ModelPrice> list = List.copyOf(models);
        List<FieldError> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "models[" + i + "]";
            ModelPrice price = list.get(i);
            errors.addAll(price.validate(path));
            if (price.model() != null && !price.model().isBlank()) {
                Integer first = seen.putIfAbsent(ModelNames.key(price.model()), i);
                if (first != null) {
                    errors.add(new FieldError(path + ".model",
                            "'" + price.model() + "' is listed twice (also models[" + first + "])"));
                }
            }
        }
        if (asOf == null) {
            errors.add(new FieldError("as_of", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new PriceCatalog(asOf, source, list);
    }

    /** The catalog bundled with llmwatch (list prices of common models, dated). */
    public static PriceCatalog defaults() {
        return CatalogFiles.bundled();
    }

    /**
     * Reads a catalog file, llmwatch's own format (it has a {@code schema}) or LiteLLM's
     * {@code model_prices_and_context_window.json}. A LiteLLM file carries no date, so its
     * {@link #asOf()} is the file's last-modified day (UTC).
     *
     * @throws ValidationException naming the file and the offending field
     */
    public static PriceCatalog load(Path file) {
        return CatalogFiles.load(file);
    }

    /** Reads LiteLLM's {@code model_prices_and_context_window.json}, dated {@code asOf}. */
    public static PriceCatalog fromLiteLlm(InputStream json, LocalDate asOf) {
        return CatalogFiles.fromLiteLlm(json, asOf);
    }

    /** Reads a catalog in llmwatch's own format (schema {@value #SCHEMA}). */
    public static PriceCatalog fromJson(InputStream json, String origin) {
        return CatalogFiles.fromJson(json, origin);
    }

    /** The catalog the config names: its {@code catalog} file, or the bundled default. */
    public static PriceCatalog from(PricesConfig config) {
        return config == null || config.catalog() == null || config.catalog().isBlank()
                ? defaults()
                : load(Path.of(config.catalog()));
    }

    /** The day these prices were checked. */
    public LocalDate asOf() {
        return asOf;
    }

    /** Where these prices come from, for people. */
    public String source() {
        return source;
    }

    /** Every entry, in catalog order. */
    public List<ModelPrice> models() {
        return models;
    }

    /** Whether the prices are more than {@code maxAgeDays} old on {@code today}. */
    public boolean isStale(LocalDate today, int maxAgeDays) {
        return today.isAfter(asOf.plusDays(maxAgeDays));
    }

    /**
     * The entry pricing {@code model}: by exact name, then alias (both case-insensitive, also
     * without a provider prefix), then by normalised name (no provider prefix, snapshot date or
     * {@code -latest}), so {@code openai/gpt-4.1-2025-04-14} finds {@code gpt-4.1}.
     */
    public Optional<ModelPrice> find(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        for (String candidate : List.of(ModelNames.key(model), ModelNames.withoutProvider(model))) {
            ModelPrice price = byName.get(candidate);
            if (price == null) {
                price = byAlias.get(candidate);
            }
            if (price != null) {
                return Optional.of(price);
            }
        }
        return Optional.ofNullable(byNormalisedName.get(ModelNames.normalise(model)));
    }

    /** Whether two names name the same model: equal ignoring case, or priced by the same entry (a dated snapshot of it). */
    public boolean sameModel(String model, String other) {
        if (model == null || other == null) {
            return false;
        }
        if (model.equalsIgnoreCase(other)) {
            return true;
        }
        Optional<String> entry = find(model).map(ModelPrice::model);
        return entry.isPresent() && entry.equals(find(other).map(ModelPrice::model));
    }

    /**
     * A copy with {@code override} added, or replacing the entry of the same name (its aliases
     * included).
     *
     * @throws ValidationException when the entry is invalid
     */
    public PriceCatalog with(ModelPrice override) {
        List<FieldError> errors = override.validate("");
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String key = ModelNames.key(override.model());
        List<ModelPrice> changed = new ArrayList<>(models.size() + 1);
        boolean replaced = false;
        for (ModelPrice price : models) {
            if (ModelNames.key(price.model()).equals(key)) {
                changed.add(override);
                replaced = true;
            } else {
                changed.add(price);
            }
        }
        if (!replaced) {
            changed.add(override);
        }
        return new PriceCatalog(asOf, source, changed);
    }

    /**
     * The cost of a call. A cost the application reported ({@code cost.amount} set) wins and is
     * returned as is. Otherwise it is computed from {@link LlmCall#usage()} at the price of the
     * model that served the call, or of the requested model when the catalog does not know the
     * response model (e.g. an unlisted snapshot name).
     */
    public Cost cost(LlmCall call) {
        if (call.cost() != null && call.cost().amount() != null) {
            return call.cost();
        }
        String served = call.model();
        Optional<ModelPrice> price = find(call.provider(), served);
        if (price.isEmpty() && call.requestModel() != null && !call.requestModel().equals(served)) {
            price = find(call.provider(), call.requestModel());
        }
        if (price.isEmpty()) {
            String requested = call.requestModel() != null && !call.requestModel().equals(served)
                    ? "; neither is the requested model '" + call.requestModel() + "'" : "";
            return Cost.unknown(notInCatalog(served) + requested);
        }
        return cost(price.get(), call.usage());
    }

    /**
     * The cost of a request to {@code model} with this usage: {@link Cost#local local} when the
     * model and both token counts are known, else {@link Cost#unknown unknown} with the reason.
     */
    @Override
    public Cost cost(String model, Usage usage) {
        return find(model).map(price -> cost(price, usage)).orElseGet(() -> Cost.unknown(notInCatalog(model)));
    }

    /**
     * The expected cost in USD of a request to {@code model} with these (mean) token counts, e.g. to
     * cost a task's token profile on a candidate model; cache and reasoning breakdowns are ignored.
     * Empty when the model is not in the catalog.
     */
    public OptionalDouble expectedCost(String model, double inputTokens, double outputTokens) {
        Optional<ModelPrice> price = find(model);
        return price.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(price.get().expectedCost(inputTokens, outputTokens));
    }

    /** This catalog in llmwatch's own format, the form {@link #fromJson} and {@link #load} read. */
    public JsonNode toJson() {
        return LlmwatchFormat.write(this);
    }

    @Override
    public String toString() {
        return "PriceCatalog[" + models.size() + " models, as of " + asOf + ", from " + source + "]";
    }

    private Optional<ModelPrice> find(String provider, String model) {
        if (provider != null && !provider.isBlank() && model != null && !model.isBlank()) {
            ModelPrice price = byName.get(ModelNames.key(provider + "/" + model));
            if (price != null) {
                return Optional.of(price);
            }
        }
        return find(model);
    }

    private Cost cost(ModelPrice price, Usage usage) {
        String problem = ModelPrice.usageProblem(usage);
        if (problem != null) {
            return Cost.unknown(problem);
        }
        String tier = price.isLongContext(usage.inputTokens()) ? ", long-context tier" : "";
        return Cost.local(price.cost(usage), "priced as " + price.model() + tier + " (catalog as of " + asOf + ")");
    }

    private String notInCatalog(String model) {
        return model == null || model.isBlank()
                ? "no model name to price"
                : "model '" + model + "' is not in the price catalog (as of " + asOf + ")";
    }
}
