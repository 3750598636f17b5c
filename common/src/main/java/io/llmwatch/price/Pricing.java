package io.llmwatch.price;

import io.llmwatch.event.Cost;
import io.llmwatch.event.Usage;

/**
 * Prices a model's tokens: a {@link PriceCatalog} as loaded, or {@link LivePrices} with the live
 * {@code price/<model>} entries applied (what running components use, so their costs follow a price
 * change).
 */
@FunctionalInterface
public interface Pricing {

    /** What {@code usage} of {@code model} costs; unknown when the model or the usage is. */
    Cost cost(String model, Usage usage);
}
