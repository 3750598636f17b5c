package io.llmwatch.scorer.judge;

import io.llmwatch.scorer.provider.EmbeddingClient;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Service-provider interface of an in-process sentence-embedding model for the {@code embedding}
 * judge, used when {@code judges.embedding.provider} is not configured. The optional module
 * {@code llmwatch-embeddings-local} provides all-MiniLM-L6-v2 through it; putting that module on the
 * class path is all it takes (found with {@link ServiceLoader}, so the scorer does not depend on the
 * ~200 MB of model and runtime).
 */
public interface LocalEmbeddings {

    /** The model's name, e.g. {@code all-MiniLM-L6-v2}. */
    String model();

    /**
     * A client for the model. It must not block the caller: loading the model (seconds) and
     * embedding happen on the client's own threads. Close it (when it is {@link AutoCloseable}) to
     * release them.
     */
    EmbeddingClient open();

    /** The first provider on the class path, if any. */
    static Optional<LocalEmbeddings> find() {
        return ServiceLoader.load(LocalEmbeddings.class, LocalEmbeddings.class.getClassLoader()).findFirst();
    }
}
