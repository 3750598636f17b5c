package io.llmwatch.collector.proxy;

import io.llmwatch.config.CollectorConfig;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.config.ProvidersAllow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the recording proxy forwards and labels calls.
 *
 * @param providers      OpenAI-compatible providers by the name used in the proxy path
 *                       ({@code /proxy/<name>/v1/chat/completions}); live {@code provider/<name>}
 *                       entries on {@code llmwatch.control} take precedence
 * @param defaultApp     {@code app} of a call without an {@code X-LLMWatch-App} header
 * @param defaultTask    {@code task_type} of a call without an {@code X-LLMWatch-Task} header
 * @param defaultTimeout upstream timeout of a provider that sets no {@code timeout_ms}: until the
 *                       response headers, and then between two pieces of a streamed body
 * @param retryGrace     how long a failed attempt of a retrying SDK is held back, waiting for its
 *                       retry, before it is published as a failed call (see {@link RetryTracker})
 * @param environment    reads environment variables (provider API keys) at request time; tests
 *                       pass their own
 * @param providersAllow what a live {@code provider/<name>} entry may name; null: the hosts and key
 *                       variables of {@code providers}
 * @param spoolDirectory where recorded calls wait on disk while Kafka cannot take them (the SDK's
 *                       crash-safe spool), sent when it can; null keeps them in memory only, so a
 *                       broker outage longer than the producer's delivery timeout loses them (counted)
 */
public record ProxyOptions(Map<String, ProviderConfig> providers, String defaultApp, String defaultTask,
                           Duration defaultTimeout, Duration retryGrace, Function<String, String> environment,
                           ProvidersAllow providersAllow, Path spoolDirectory) {

    /** SDKs wait up to 10 minutes for a response by default; reasoning models use it. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** Longer than the SDKs' longest back-off without a Retry-After header (8 s). */
    public static final Duration DEFAULT_RETRY_GRACE = Duration.ofSeconds(10);

    public ProxyOptions {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        providersAllow = providersAllow == null ? ProvidersAllow.of(providers) : providersAllow;
        Objects.requireNonNull(defaultApp, "defaultApp");
        Objects.requireNonNull(defaultTask, "defaultTask");
        Objects.requireNonNull(environment, "environment");
        if (defaultTimeout == null || defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException("defaultTimeout must be positive");
        }
        if (retryGrace == null || retryGrace.isNegative()) {
            throw new IllegalArgumentException("retryGrace must be zero or positive");
        }
    }

    /** No providers configured, default labels and timeouts, the process environment. */
    public static ProxyOptions defaults() {
        return new ProxyOptions(Map.of(), CollectorConfig.DEFAULT_APP, CollectorConfig.DEFAULT_TASK, DEFAULT_TIMEOUT,
                DEFAULT_RETRY_GRACE, System::getenv, null, null);
    }

    /** The providers and collector defaults of a configuration file. */
    public static ProxyOptions from(LlmwatchConfig config) {
        return new ProxyOptions(config.providers(), config.collector().defaultApp(), config.collector().defaultTask(),
                DEFAULT_TIMEOUT, DEFAULT_RETRY_GRACE, System::getenv, config.providersAllow(), null);
    }

    /** These options with {@code providers}, and the allow-list derived from them. */
    public ProxyOptions withProviders(Map<String, ProviderConfig> providers) {
        return new ProxyOptions(providers, defaultApp, defaultTask, defaultTimeout, retryGrace, environment,
                null, spoolDirectory);
    }

    public ProxyOptions withRetryGrace(Duration retryGrace) {
        return new ProxyOptions(providers, defaultApp, defaultTask, defaultTimeout, retryGrace, environment,
                providersAllow, spoolDirectory);
    }

    public ProxyOptions withEnvironment(Function<String, String> environment) {
        return new ProxyOptions(providers, defaultApp, defaultTask, defaultTimeout, retryGrace, environment,
                providersAllow, spoolDirectory);
    }

    public ProxyOptions withProvidersAllow(ProvidersAllow allow) {
        return new ProxyOptions(providers, defaultApp, defaultTask, defaultTimeout, retryGrace, environment,
                allow, spoolDirectory);
    }

    public ProxyOptions withSpoolDirectory(Path spoolDirectory) {
        return new ProxyOptions(providers, defaultApp, defaultTask, defaultTimeout, retryGrace, environment,
                providersAllow,
                spoolDirectory);
    }
}
