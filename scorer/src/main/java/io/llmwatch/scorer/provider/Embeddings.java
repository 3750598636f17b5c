package io.llmwatch.scorer.provider;

import io.llmwatch.event.Usage;
import java.util.List;

/**
 * Vectors for a list of texts, in order.
 *
 * @param model the embedding model, for pricing
 * @param usage tokens the provider charged; null for an in-process model
 */
public record Embeddings(List<float[]> vectors, String model, Usage usage) {

    public Embeddings {
        vectors = List.copyOf(vectors);
    }
}
