package io.llmwatch.drift.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.ControlKey;
import io.llmwatch.price.ModelPrice;
import io.llmwatch.price.PriceCatalog;
import java.util.Optional;
import java.util.function.Function;

/**
 * A live {@code price/<model>} entry on {@code llmwatch.control} for a model, looked up as the
 * scorer applies them: under the model's own name, then under the name of the catalog entry it
 * resolves to.
 *
 * @param key   the control key
 * @param value its JSON value
 */
record LivePrice(String key, JsonNode value) {

    static Optional<LivePrice> find(String model, PriceCatalog catalog, Function<String, JsonNode> control) {
        Optional<LivePrice> own = at(ControlKey.price(model).toString(), control);
        if (own.isPresent()) {
            return own;
        }
        return catalog.find(model).map(ModelPrice::model).filter(name -> !name.equals(model))
                .flatMap(name -> at(ControlKey.price(name).toString(), control));
    }

    private static Optional<LivePrice> at(String key, Function<String, JsonNode> control) {
        JsonNode value = control.apply(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(new LivePrice(key, value));
    }
}
