package io.llmwatch.embeddings.local;

import io.llmwatch.scorer.judge.LocalEmbeddings;
import io.llmwatch.scorer.provider.EmbeddingClient;

/**
 * Registers all-MiniLM-L6-v2 as the in-process model of the {@code embedding} judge
 * ({@code META-INF/services/io.llmwatch.scorer.judge.LocalEmbeddings}): with this module on the
 * class path and no {@code judges.embedding.provider} configured, the scorer embeds locally.
 */
public final class MiniLmLocalEmbeddings implements LocalEmbeddings {

    @Override
    public String model() {
        return MiniLmEmbeddingClient.MODEL;
    }

    @Override
    public EmbeddingClient open() {
        return new MiniLmEmbeddingClient();
    }
}
