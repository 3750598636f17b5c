package io.llmwatch.embeddings.local;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.llmwatch.scorer.provider.EmbeddingClient;
import io.llmwatch.scorer.provider.Embeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sentence embeddings from all-MiniLM-L6-v2 (384 dimensions, normalised), run in process with ONNX
 * Runtime through LangChain4j: no network, no key, no per-token cost.
 *
 * <p>Everything runs on the client's own small pool of daemon threads, never on the caller's: the
 * model is loaded there when the client is created (3–6 s, ~90 MB of weights held off-heap; give
 * the JVM at least {@code -Xmx384m}), and each {@link #embed} call embeds its texts one after the
 * other on one pool thread, so concurrent calls use the pool's threads in parallel. On 2 cores that
 * is ≈ 12 ms of CPU per 50-word text.
 *
 * <p>Side effects of the runtime: ONNX Runtime unpacks its native library into
 * {@code java.io.tmpdir} on every start, and the tokenizer (DJL) writes {@code libtokenizers.so}
 * under {@code ~/.djl.ai} unless the environment variable or system property {@code DJL_CACHE_DIR}
 * names another directory. DJL's telemetry is switched off ({@link #keepDjlOffline}).
 */
public final class MiniLmEmbeddingClient implements EmbeddingClient, AutoCloseable {

    /** The model's name, as reported in {@link Embeddings#model()}. */
    public static final String MODEL = "all-MiniLM-L6-v2";

    /** Pool threads by default: the machines llmwatch runs on often have two cores, shared. */
    public static final int DEFAULT_THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    private final ExecutorService executor;
    private final CompletableFuture<AllMiniLmL6V2EmbeddingModel> model;

    public MiniLmEmbeddingClient() {
        this(DEFAULT_THREADS);
    }

    /** @param threads texts embedded at once, across concurrent calls */
    public MiniLmEmbeddingClient(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, not " + threads);
        }
        executor = Executors.newFixedThreadPool(threads, new DaemonThreads());
        // Runnable::run: the texts of one call are embedded on the pool thread that runs it, instead
        // of LangChain4j's own pool of one thread per core, so this pool is the only one.
        model = CompletableFuture.supplyAsync(() -> {
            keepDjlOffline();
            return new AllMiniLmL6V2EmbeddingModel(Runnable::run);
        }, executor);
    }

    /**
     * DJL, which loads the tokenizer, "calls home" when a tokenizer is created: it asks the EC2
     * metadata address (169.254.169.254) for an instance id and reports to a telemetry bucket. A
     * monitor that runs next to production traffic must not do that; offline mode also keeps DJL
     * from downloading native libraries (the ones in its jar are used). Set unless the deployment
     * chose otherwise.
     */
    static void keepDjlOffline() {
        for (String property : List.of("OPT_OUT_TRACKING", "ai.djl.offline")) {
            if (System.getProperty(property) == null && System.getenv(property) == null) {
                System.setProperty(property, "true");
            }
        }
    }

    /** Completes when the model is loaded (or failed to load); embedding calls wait for it anyway. */
    public CompletableFuture<Void> loaded() {
        return model.thenApply(m -> null);
    }

    /**
     * One normalised 384-dimension vector per text, in order. Completes exceptionally when a text is
     * blank (a blank text has no meaning to embed) or the model failed to load.
     */
    @Override
    public CompletableFuture<Embeddings> embed(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("text " + i + " is blank"));
            }
            segments.add(TextSegment.from(text));
        }
        if (segments.isEmpty()) {
            return CompletableFuture.completedFuture(new Embeddings(List.of(), MODEL, null));
        }
        if (executor.isShutdown()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the " + MODEL + " client is closed"));
        }
        return model.thenApplyAsync(m -> {
            List<float[]> vectors = new ArrayList<>(segments.size());
            for (Embedding embedding : m.embedAll(segments).content()) {
                vectors.add(embedding.vector());
            }
            return new Embeddings(vectors, MODEL, null);
        }, executor);
    }

    /** Stops the pool; calls after this, and calls still waiting for the model, fail. */
    @Override
    public void close() {
        executor.shutdownNow();
        // a load that never started would otherwise leave every waiting call hanging
        model.completeExceptionally(new IllegalStateException("the " + MODEL + " client was closed"));
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "llmwatch-minilm-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
