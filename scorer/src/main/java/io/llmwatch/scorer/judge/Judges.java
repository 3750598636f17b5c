package io.llmwatch.scorer.judge;

import io.llmwatch.config.JudgeConfig;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.JudgeKind;
import io.llmwatch.price.Pricing;
import io.llmwatch.scorer.provider.ChatClient;
import io.llmwatch.scorer.provider.EmbeddingClient;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The judges of one deployment, by kind, built from {@code judges:} in {@code llmwatch.yaml}.
 *
 * <ul>
 *   <li>{@code exact}, {@code json}, {@code reference}: always available, no model.</li>
 *   <li>{@code llm}: the chat model {@code judges.llm.model} at provider {@code judges.llm.provider},
 *       with {@code judges.llm.rubric} or {@link LlmJudge#DEFAULT_RUBRIC}.</li>
 *   <li>{@code embedding}: the model {@code judges.embedding.model} at provider
 *       {@code judges.embedding.provider} (an OpenAI-compatible {@code /v1/embeddings}); without a
 *       provider, the in-process model of the optional {@code llmwatch-embeddings-local} module when
 *       it is on the class path ({@link LocalEmbeddings}), loaded on first use.</li>
 * </ul>
 *
 * <p>A model-backed judge with no model does not stop start-up: {@code embedding} is the default
 * judge for free-text tasks ({@link JudgeKind#resolve}), and refusing to start without a 200 MB
 * optional module would make llmwatch unusable out of the box. Instead {@link #available} is false,
 * {@link #unavailableReason} says what to configure (for {@code embedding}, the default judge of
 * free-text tasks, it is logged as a warning at start-up), and every
 * judgement of that kind has a null delta with that explanation, so no made-up delta ever enters a
 * comparison. Whoever samples calls can check {@link #available} before paying for replays.
 */
public final class Judges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Judges.class);

    private final Map<JudgeKind, Judge> judges = new EnumMap<>(JudgeKind.class);
    private final Map<JudgeKind, String> unavailable = new EnumMap<>(JudgeKind.class);
    /** The in-process model's client, when the embedding judge uses it: created on first use, owned here. */
    private final Lazy<EmbeddingClient> localClient;

    private Judges(LlmwatchConfig config, Function<String, ChatClient> chatClients,
            BiFunction<String, String, EmbeddingClient> embeddingClients, Pricing prices,
            Supplier<Optional<LocalEmbeddings>> localEmbeddings) {
        judges.put(JudgeKind.EXACT, new ExactJudge());
        judges.put(JudgeKind.JSON, new JsonJudge());
        judges.put(JudgeKind.REFERENCE, new ReferenceJudge());

        JudgeConfig llm = config.judges().get(JudgeKind.LLM.id());
        if (llm == null || llm.provider() == null || llm.model() == null) {
            // only tasks that name it use the llm judge: not worth a warning
            unavailable.put(JudgeKind.LLM, "the llm judge has no model: set judges.llm.provider and judges.llm.model");
        } else {
            judges.put(JudgeKind.LLM, new LlmJudge(chatClients.apply(llm.provider()), llm.model(), llm.rubric(), prices));
        }

        JudgeConfig embedding = config.judges().get(JudgeKind.EMBEDDING.id());
        Optional<LocalEmbeddings> local = Optional.empty();
        if (embedding != null && embedding.provider() != null) {
            EmbeddingClient client = embeddingClients.apply(embedding.provider(), embedding.model());
            judges.put(JudgeKind.EMBEDDING, new EmbeddingJudge(() -> client, prices));
            LOG.info("embedding judge: model {} at provider {}", embedding.model(), embedding.provider());
        } else {
            local = localEmbeddings.get();
            if (local.isPresent()) {
                LOG.info("embedding judge: in-process model {} (loaded on first use)", local.get().model());
            } else {
                unavailable.put(JudgeKind.EMBEDDING, "the embedding judge has no model: set judges.embedding.provider "
                        + "and judges.embedding.model, or put llmwatch-embeddings-local on the class path for the "
                        + "in-process all-MiniLM-L6-v2 model");
                // the default judge of free-text tasks: say so at start-up
                LOG.warn("{}; embedding judgements will have no delta", unavailable.get(JudgeKind.EMBEDDING));
            }
        }
        localClient = local.map(model -> new Lazy<>(model::open)).orElse(null);
        if (localClient != null) {
            judges.put(JudgeKind.EMBEDDING, new EmbeddingJudge(localClient, prices));
        }
    }

    /**
     * The judges {@code config} asks for.
     *
     * @param chatClients      the chat client of a provider, by name in {@code providers}
     * @param embeddingClients the embedding client of (provider name, model)
     * @param prices           the live prices, to cost judges' tokens
     */
    public static Judges from(LlmwatchConfig config, Function<String, ChatClient> chatClients,
            BiFunction<String, String, EmbeddingClient> embeddingClients, Pricing prices) {
        return new Judges(config, chatClients, embeddingClients, prices, LocalEmbeddings::find);
    }

    /** As {@link #from}, with {@code localEmbeddings} in place of a class-path search (for tests). */
    static Judges from(LlmwatchConfig config, Function<String, ChatClient> chatClients,
            BiFunction<String, String, EmbeddingClient> embeddingClients, Pricing prices,
            Supplier<Optional<LocalEmbeddings>> localEmbeddings) {
        return new Judges(config, chatClients, embeddingClients, prices, localEmbeddings);
    }

    /** The judge of this kind; one that is not {@link #available} answers every call with a null delta and why. */
    public Judge forKind(JudgeKind kind) {
        Judge judge = judges.get(kind);
        return judge != null ? judge : new UnavailableJudge(kind, unavailable.get(kind));
    }

    /** Whether judges of this kind can produce a delta. */
    public boolean available(JudgeKind kind) {
        return judges.containsKey(kind);
    }

    /** Why judges of this kind cannot produce a delta; empty when they can. */
    public Optional<String> unavailableReason(JudgeKind kind) {
        return Optional.ofNullable(unavailable.get(kind));
    }

    /** Releases the in-process embedding model's threads, if it was loaded. */
    @Override
    public void close() {
        if (localClient != null && localClient.created() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing the in-process embedding model failed", e);
            }
        }
    }

    /** Created on first {@link #get}, once. */
    private static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        @Override
        public T get() {
            T current = value;
            if (current == null) {
                synchronized (this) {
                    if (value == null) {
                        value = factory.get();
                    }
                    current = value;
                }
            }
            return current;
        }

        /** The value if it was created, else null. */
        T created() {
            return value;
        }
    }
}
