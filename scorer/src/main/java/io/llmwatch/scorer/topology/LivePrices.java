package io.llmwatch.scorer.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.ControlKey;
import io.llmwatch.event.Cost;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.price.ModelPrice;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.validate.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The price catalog with the live {@code price/<model>} entries of {@code llmwatch.control} applied.
 *
 * <p>For a call, an override is looked up under the call's model names (response and requested
 * model) and under the names of the catalog entries they resolve to, so {@code price/gpt-4.1} also
 * prices {@code gpt-4.1-2025-04-14}. The catalog is rebuilt only when an override appears, changes
 * or is removed; otherwise a call costs a few cached map lookups. Not thread-safe: one per processor.
 */
public final class LivePrices {

    private static final Logger LOG = LoggerFactory.getLogger(LivePrices.class);
    /** Model names whose control keys are remembered; beyond this the memo starts over (junk model names). */
    private static final int MAX_REMEMBERED_MODELS = 10_000;

    private final PriceCatalog base;
    private final Function<String, JsonNode> control;
    private final Map<String, List<String>> keysByModel = new HashMap<>();
    private final Map<String, Override> overrides = new LinkedHashMap<>();
    private PriceCatalog current;

    /**
     * @param base    the catalog the scorer started with
     * @param control looks up the current value of a {@code llmwatch.control} key, null when absent
     */
    public LivePrices(PriceCatalog base, Function<String, JsonNode> control) {
        this.base = base;
        this.control = control;
        this.current = base;
    }

    /** The call's cost: as reported by the application when it did, else from the live catalog. */
    synchronized Cost cost(LlmCall call) {
        if (call.cost() != null && call.cost().known()) {
            return call.cost();
        }
        refresh(call.model());
        if (call.requestModel() != null && !call.requestModel().equals(call.model())) {
            refresh(call.requestModel());
        }
        return current.cost(call);
    }

    /**
     * The expected cost in USD of a request to {@code model} with these token counts at its live
     * price (see {@link PriceCatalog#expectedCost}); empty when the model has no price.
     */
    public synchronized OptionalDouble expectedCost(String model, double inputTokens, double outputTokens) {
        refresh(model);
        return current.expectedCost(model, inputTokens, outputTokens);
    }

    /** What {@code usage} of {@code model} costs at its live price (see {@link PriceCatalog#cost(String, Usage)}). */
    public synchronized Cost cost(String model, Usage usage) {
        refresh(model);
        return current.cost(model, usage);
    }

    private void refresh(String model) {
        if (model == null) {
            return;
        }
        if (keysByModel.size() >= MAX_REMEMBERED_MODELS) {
            keysByModel.clear();
        }
        for (String name : keysByModel.computeIfAbsent(model, this::overrideNames)) {
            check(name);
        }
    }

    /** The names an override for this model may be written under: its own, and its catalog entry's. */
    private List<String> overrideNames(String model) {
        List<String> names = new ArrayList<>(2);
        names.add(model);
        base.find(model).map(ModelPrice::model).filter(name -> !name.equals(model)).ifPresent(names::add);
        return names;
    }

    private void check(String model) {
        String key = ControlKey.price(model).toString();
        JsonNode value = control.apply(key);
        Override known = overrides.get(key);
        if (known == null ? value == null : known.value == value) {
            return;
        }
        if (value == null) {
            overrides.remove(key);
        } else {
            overrides.put(key, new Override(value, parse(key, model, value)));
        }
        rebuild();
    }

    private static ModelPrice parse(String key, String model, JsonNode value) {
        try {
            return ModelPrice.fromControl(model, value);
        } catch (ValidationException e) {
            LOG.warn("ignoring control entry {}: {}", key, e.getMessage());
            return null;
        }
    }

    private void rebuild() {
        PriceCatalog catalog = base;
        for (Override override : overrides.values()) {
            if (override.price != null) {
                catalog = catalog.with(override.price);
            }
        }
        current = catalog;
    }

    /** A control value and the price read from it (null when unreadable, so it is not re-read per call). */
    private record Override(JsonNode value, ModelPrice price) {
    }
}
