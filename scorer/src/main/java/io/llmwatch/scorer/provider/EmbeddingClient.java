package io.llmwatch.scorer.provider;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sentence embeddings: an OpenAI-compatible {@code /v1/embeddings} endpoint in production, or an
 * in-process model offline. Completes exceptionally when the texts cannot be embedded.
 */
public interface EmbeddingClient {

    /** One vector per text, in order. */
    CompletableFuture<Embeddings> embed(List<String> texts);
}
