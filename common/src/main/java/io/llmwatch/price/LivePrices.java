package io.llmwatch.price;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.ControlKey;
import io.llmwatch.config.LiveOverlay;
import io.llmwatch.event.Cost;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The price catalog with the live {@code price/<model>} entries of {@code llmwatch.control} applied:
 * the one view of prices for the scorer, the replay worker, the judges and the drift detector, so a
 * price change applies to the incumbent's calls and to the candidates' replays alike.
 *
 * <p>For a model, an override is looked up under its own name and under the name of the catalog
 * entry it resolves to, so {@code price/gpt-4.1} also prices {@code gpt-4.1-2025-04-14}. The catalog
 * is rebuilt only when an override appears, changes or is removed; otherwise a lookup costs a few
 * cached map lookups. Thread-safe.
 */
public final class LivePrices implements Pricing {

    /** Model names whose control keys are remembered; beyond this the memo starts over (junk model names). */
    private static final int MAX_REMEMBERED_MODELS = 10_000;

    private final PriceCatalog base;
    private final LiveOverlay<ModelPrice> overlay;
    private final Map<String, List<String>> namesByModel = new HashMap<>();
    private final Map<String, ModelPrice> overrides = new LinkedHashMap<>();
    private PriceCatalog current;

    /**
     * @param base    the catalog the component started with
     * @param control looks up the current value of a {@code llmwatch.control} key, null when absent
     */
    public LivePrices(PriceCatalog base, Function<String, JsonNode> control) {
        this.base = base;
        this.overlay = new LiveOverlay<>(control,
                (key, value) -> ModelPrice.fromControl(key.substring(key.indexOf('/') + 1), value));
        this.current = base;
    }

    /** The call's cost: as reported by the application when it did, else from the live catalog. */
    public synchronized Cost cost(LlmCall call) {
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
    @Override
    public synchronized Cost cost(String model, Usage usage) {
        refresh(model);
        return current.cost(model, usage);
    }

    /**
     * The live price entry that applies to {@code model}: its own, else its catalog entry's; empty
     * when none applies (absent, or unreadable).
     */
    public synchronized Optional<LiveOverlay.Entry<ModelPrice>> entry(String model) {
        if (model == null) {
            return Optional.empty();
        }
        for (String name : names(model)) {
            Optional<LiveOverlay.Entry<ModelPrice>> entry = overlay.entry(ControlKey.price(name).toString());
            if (entry.isPresent()) {
                return entry;
            }
        }
        return Optional.empty();
    }

    private void refresh(String model) {
        if (model == null) {
            return;
        }
        boolean changed = false;
        for (String name : names(model)) {
            String key = ControlKey.price(name).toString();
            ModelPrice price = overlay.live(key).orElse(null);
            if (overrides.get(key) != price) {
                changed = true;
                if (price == null) {
                    overrides.remove(key);
                } else {
                    overrides.put(key, price);
                }
            }
        }
        if (changed) {
            rebuild();
        }
    }

    /** The names an override for this model may be written under: its own, and its catalog entry's. */
    private List<String> names(String model) {
        if (namesByModel.size() >= MAX_REMEMBERED_MODELS) {
            namesByModel.clear();
        }
        return namesByModel.computeIfAbsent(model, m -> {
            List<String> names = new ArrayList<>(2);
            names.add(m);
            base.find(m).map(ModelPrice::model).filter(name -> !name.equals(m)).ifPresent(names::add);
            return names;
        });
    }

    private void rebuild() {
        PriceCatalog catalog = base;
        for (ModelPrice price : overrides.values()) {
            catalog = catalog.with(price);
        }
        current = catalog;
    }
}
