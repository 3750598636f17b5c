package io.llmwatch.scorer.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.llmwatch.concurrent.DaemonThreads;
import io.llmwatch.config.ControlKey;
import io.llmwatch.config.LiveOverlay;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.event.CallError;
import io.llmwatch.wire.ProviderApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers llmwatch may call (OpenAI-compatible, and the other {@link ProviderApi}s an entry's
 * {@code apis} list), by name, from the config file's
 * {@code providers} and live {@code provider/<name>} entries of {@code llmwatch.control} (a live
 * entry replaces the file's entry of that name; a changed entry gets a new client, with its own
 * concurrency limit and circuit breaker, for the calls that follow).
 *
 * <p>The provider for a model is, in this order: the first provider (by name) whose {@code models}
 * serve it, the call's own provider when one of that name is configured, the provider named
 * {@value #DEFAULT_PROVIDER}; otherwise calls fail as {@link ErrorTypes#NO_PROVIDER}. Only the
 * file's names are searched by {@code models}: a provider that exists only on the control topic is
 * found by its name (the call's provider, or {@value #DEFAULT_PROVIDER}).
 *
 * <p>API keys are read from the environment variables the entries name, never logged. Thread-safe.
 */
public final class ProviderRegistry implements AutoCloseable {

    /** The provider used when no other serves a model. */
    public static final String DEFAULT_PROVIDER = "default";

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final LlmwatchConfig config;
    private final LiveOverlay<ProviderConfig> live;
    private final Function<String, String> env;
    private final RetryPolicy retry;
    private final BreakerPolicy breaker;
    private final MeterRegistry meters;
    private final ExecutorService executor;
    private final ScheduledExecutorService retryTimer;
    private final HttpClient http;
    private final List<String> fileNames;
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, AtomicReference<ProviderEndpoint>> gauged = new HashMap<>();

    private ProviderRegistry(Builder builder) {
        this.config = builder.config;
        this.fileNames = config.providers().keySet().stream().sorted().toList();
        // A live entry applies when valid and within providers_allow; otherwise the file's (the reason logged).
        this.live = new LiveOverlay<>(builder.control, (key, value) -> config.providersAllow().admit(key, value).orElse(null));
        this.env = builder.env;
        this.retry = builder.retry;
        this.breaker = builder.breaker;
        this.meters = builder.meters;
        this.executor = Executors.newCachedThreadPool(DaemonThreads.numbered("llmwatch-provider-"));
        this.retryTimer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("llmwatch-provider-retries"));
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).executor(executor).build();
    }

    /**
     * @param config the file's {@code providers}
     */
    public static Builder builder(LlmwatchConfig config) {
        return new Builder(config);
    }

    /** The name of the provider that serves {@code model}, per the order above. */
    public synchronized Optional<String> resolve(String model, String callProvider) {
        for (String name : fileNames) {
            ProviderConfig provider = effective(name);
            if (provider != null && provider.serves(model)) {
                return Optional.of(name);
            }
        }
        if (callProvider != null && effective(callProvider) != null) {
            return Optional.of(callProvider);
        }
        return effective(DEFAULT_PROVIDER) != null ? Optional.of(DEFAULT_PROVIDER) : Optional.empty();
    }

    /**
     * The chat client for {@code model}; when no provider serves it, one whose every call fails as
     * {@link ErrorTypes#NO_PROVIDER}.
     *
     * @param callProvider the provider that served the call in production, if known
     */
    public synchronized ChatClient chat(String model, String callProvider) {
        Optional<String> name = resolve(model, callProvider);
        if (name.isEmpty()) {
            String message = "no provider serves model '" + model + "' (none lists it in models"
                    + (callProvider == null ? "" : ", none is named '" + callProvider + "'") + ", none is named '"
                    + DEFAULT_PROVIDER + "')";
            return (m, body) -> CompletableFuture.completedFuture(
                    new ChatResult(null, null, null, null, null, 0, new CallError(ErrorTypes.NO_PROVIDER, message), 0));
        }
        return entry(name.get()).chat;
    }

    /**
     * The client that replays, on {@code model}, a call made with {@code api}: the provider's client
     * for that API when its {@code apis} list it; else a client that sends the request translated to
     * an API the provider serves (chat completions first, else Anthropic Messages) if nothing is lost,
     * and otherwise fails as {@link ErrorTypes#UNSUPPORTED_API} saying why ({@link TranslatingChatClient}).
     *
     * @param callProvider the provider that served the call in production, if known
     */
    public synchronized ChatClient replay(String model, String callProvider, ProviderApi api) {
        Optional<String> name = resolve(model, callProvider);
        if (name.isEmpty()) {
            return chat(model, callProvider);
        }
        Entry entry = entry(name.get());
        if (entry.config.speaks(api)) {
            return client(entry, api);
        }
        ProviderApi target = entry.config.speaks(ProviderApi.CHAT_COMPLETIONS) ? ProviderApi.CHAT_COMPLETIONS
                : entry.config.speaks(ProviderApi.ANTHROPIC_MESSAGES) ? ProviderApi.ANTHROPIC_MESSAGES : ProviderApi.RESPONSES;
        return new TranslatingChatClient(name.get(), entry.config.apis(), api, target, client(entry, target));
    }

    private static WireChatClient client(Entry entry, ProviderApi api) {
        return api == ProviderApi.CHAT_COMPLETIONS ? entry.chat
                : entry.clients.computeIfAbsent(api, a -> new WireChatClient(entry.endpoint, a,
                        entry.config.honoursIdempotencyKeys()));
    }

    /** The chat client of the provider named {@code provider}, e.g. for the LLM judge. */
    public synchronized Optional<ChatClient> chatAt(String provider) {
        return effective(provider) == null ? Optional.empty() : Optional.of(entry(provider).chat);
    }

    /** An embedding client for {@code model} at the provider named {@code provider}, e.g. for the embedding judge. */
    public synchronized Optional<EmbeddingClient> embeddingsAt(String provider, String model) {
        return effective(provider) == null ? Optional.empty()
                : Optional.of(new OpenAiEmbeddingClient(entry(provider).endpoint, model));
    }

    /** The state of a provider's circuit breaker ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, …), if it is known. */
    public synchronized Optional<CircuitBreaker.State> circuitState(String provider) {
        Entry entry = entries.get(provider);
        return entry == null ? Optional.empty() : Optional.of(entry.endpoint.breakerState());
    }

    /** Stops the HTTP client's threads; calls still running fail as connection errors. */
    @Override
    public void close() {
        retryTimer.shutdownNow();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ProviderConfig effective(String name) {
        return live.orElse(ControlKey.provider(name).toString(), config.providers().get(name));
    }

    private Entry entry(String name) {
        ProviderConfig current = effective(name);
        Entry entry = entries.get(name);
        if (entry == null || !entry.config.equals(current)) {
            String key = current.apiKeyEnv() == null ? null : env.apply(current.apiKeyEnv());
            ProviderEndpoint endpoint = new ProviderEndpoint(name, current, key == null || key.isBlank() ? null : key, http,
                    executor, retryTimer, retry, breaker, meters);
            entry = new Entry(current, endpoint, new WireChatClient(endpoint, ProviderApi.CHAT_COMPLETIONS,
                    current.honoursIdempotencyKeys()), new EnumMap<>(ProviderApi.class));
            entries.put(name, entry);
            gauge(name).set(endpoint);
            LOG.info("provider {}: {} (max concurrency {}, timeout {} ms{})", name, current.baseUrl(),
                    current.maxConcurrency() == null ? ProviderEndpoint.DEFAULT_MAX_CONCURRENCY : current.maxConcurrency(),
                    current.timeoutMs() == null ? ProviderEndpoint.DEFAULT_TIMEOUT.toMillis() : current.timeoutMs(),
                    current.apiKeyEnv() == null ? "" : ", key from $" + current.apiKeyEnv());
        }
        return entry;
    }

    /** Gauges follow the provider's current endpoint across live config changes. */
    private AtomicReference<ProviderEndpoint> gauge(String name) {
        return gauged.computeIfAbsent(name, n -> {
            AtomicReference<ProviderEndpoint> current = new AtomicReference<>();
            Tags tags = Tags.of("provider", n);
            meters.gauge("llmwatch.provider.circuit.state", tags, current, ref -> stateCode(ref.get()));
            meters.gauge("llmwatch.provider.inflight", tags, current, ref -> ref.get() == null ? 0 : ref.get().inFlight());
            meters.gauge("llmwatch.provider.queued", tags, current, ref -> ref.get() == null ? 0 : ref.get().queued());
            return current;
        });
    }

    /** 0 closed, 1 open, 2 half-open, 3 any other (disabled, forced open, metrics only). */
    private static double stateCode(ProviderEndpoint endpoint) {
        if (endpoint == null) {
            return 0;
        }
        return switch (endpoint.breakerState()) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 3;
        };
    }

    /** A provider's endpoint and its clients; {@code clients} holds those of its other APIs, made when first used. */
    private record Entry(ProviderConfig config, ProviderEndpoint endpoint, WireChatClient chat,
                         Map<ProviderApi, WireChatClient> clients) {
    }

    /** Configures a {@link ProviderRegistry}. */
    public static final class Builder {

        private final LlmwatchConfig config;
        private Function<String, JsonNode> control = key -> null;
        private Function<String, String> env = System::getenv;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private BreakerPolicy breaker = BreakerPolicy.DEFAULT;
        private MeterRegistry meters = Metrics.globalRegistry;

        private Builder(LlmwatchConfig config) {
            this.config = config;
        }

        /** Looks up live {@code llmwatch.control} entries ({@code provider/<name>}); none by default. */
        public Builder control(Function<String, JsonNode> lookup) {
            this.control = lookup;
            return this;
        }

        /** Reads environment variables (API keys); {@link System#getenv(String)} by default. */
        public Builder env(Function<String, String> lookup) {
            this.env = lookup;
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            this.retry = policy;
            return this;
        }

        public Builder breaker(BreakerPolicy policy) {
            this.breaker = policy;
            return this;
        }

        /** Where metrics go; Micrometer's global registry by default. */
        public Builder meters(MeterRegistry registry) {
            this.meters = registry;
            return this;
        }

        public ProviderRegistry build() {
            return new ProviderRegistry(this);
        }
    }
}
