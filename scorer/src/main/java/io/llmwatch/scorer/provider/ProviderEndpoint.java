package io.llmwatch.scorer.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.delivery.RetryAfter;
import io.llmwatch.event.CallError;
import io.llmwatch.json.Json;
import io.llmwatch.wire.ProviderApi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenAI-compatible provider as llmwatch calls it: POSTs JSON under its base URL with the key
 * from the environment, at most {@code max_concurrency} requests in flight (the rest queue without
 * holding a thread), each with the provider's timeout, retried per {@link RetryPolicy} by a
 * resilience4j {@link Retry}, behind a circuit breaker per {@link BreakerPolicy}. Every call completes normally with an {@link Outcome}.
 *
 * <p>The breaker is resilience4j's, driven by hand ({@code tryAcquirePermission} before an attempt,
 * {@code onSuccess}/{@code onError}/{@code releasePermission} after it), which suits futures without
 * wrapping them in its decorators.
 */
final class ProviderEndpoint {

    static final int DEFAULT_MAX_CONCURRENCY = 16;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(ProviderEndpoint.class);
    private static final int MAX_MESSAGE = 300;

    private final String name;
    private final String baseUrl;
    private final String apiKey;
    private final String missingKeyVariable;
    private final Duration timeout;
    private final HttpClient http;
    private final Executor executor;
    private final RetryPolicy retry;
    private final Retry retries;
    private final ScheduledExecutorService scheduler;
    private final AsyncPermits permits;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;
    private final Counter requests;
    private final Counter attempts;
    private final Timer latency;

    /**
     * @param apiKey the key read from the environment variable the config names; null when it names
     *               none, or when that variable is not set (then every call fails as
     *               {@link ErrorTypes#MISSING_API_KEY})
     * @param scheduler starts retries once their wait is over (the attempt then runs on {@code executor})
     */
    ProviderEndpoint(String name, ProviderConfig config, String apiKey, HttpClient http, Executor executor,
                     ScheduledExecutorService scheduler, RetryPolicy retry, BreakerPolicy breakerPolicy,
                     MeterRegistry meters) {
        this.name = name;
        this.baseUrl = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1)
                : config.baseUrl();
        this.apiKey = apiKey;
        this.missingKeyVariable = config.apiKeyEnv() != null && apiKey == null ? config.apiKeyEnv() : null;
        this.timeout = config.timeoutMs() == null ? DEFAULT_TIMEOUT : Duration.ofMillis(config.timeoutMs());
        this.http = http;
        this.executor = executor;
        this.retry = retry;
        this.scheduler = scheduler;
        this.permits = new AsyncPermits(config.maxConcurrency() == null ? DEFAULT_MAX_CONCURRENCY : config.maxConcurrency(),
                executor);
        this.breaker = CircuitBreaker.of(name, breakerPolicy.toConfig());
        this.meters = meters;
        this.retries = retries(retry);
        this.requests = Counter.builder("llmwatch.provider.requests").tag("provider", name)
                .description("logical provider calls (retries not counted)").register(meters);
        this.attempts = Counter.builder("llmwatch.provider.attempts").tag("provider", name)
                .description("HTTP attempts, retries included").register(meters);
        this.latency = Timer.builder("llmwatch.provider.latency").tag("provider", name)
                .description("latency of HTTP attempts that got a response").register(meters);
    }

    String name() {
        return name;
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    int inFlight() {
        return permits.inUse();
    }

    int queued() {
        return permits.waiting();
    }

    /** POSTs {@code body} (JSON) to {@code path} under the base URL; never completes exceptionally. */
    <T> CompletableFuture<Outcome<T>> post(String path, byte[] body, ResponseParser<T> parser) {
        return post(path, body, Map.of(), parser, ProviderApi.CHAT_COMPLETIONS);
    }

    /**
     * The same, with the key and headers as {@code api} wants them (Anthropic's {@code x-api-key} and
     * version), and extra headers sent on every attempt.
     */
    <T> CompletableFuture<Outcome<T>> post(String path, byte[] body, Map<String, String> headers, ResponseParser<T> parser,
                                           ProviderApi api) {
        requests.increment();
        if (missingKeyVariable != null) {
            return CompletableFuture.completedFuture(finish(Outcome.failed(ErrorTypes.MISSING_API_KEY,
                    "environment variable " + missingKeyVariable + " (api_key_env of provider " + name + ") is not set",
                    0, 0)));
        }
        HttpRequest request;
        try {
            request = request(path, body, headers, api);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(finish(Outcome.failed(ErrorTypes.CLIENT_ERROR,
                    "provider " + name + " has an unusable base_url: " + e.getMessage(), 0, 0)));
        }
        AtomicInteger number = new AtomicInteger();
        Supplier<CompletionStage<Attempt<T>>> attempts = () -> attempt(request, parser, number.incrementAndGet());
        return Retry.decorateCompletionStage(retries, scheduler, attempts).get().toCompletableFuture()
                .thenApply(this::beyondRetryAfter)
                .thenApply(this::finish);
    }

    /**
     * The resilience4j retry of this provider's calls, per {@link RetryPolicy}: an attempt is retried
     * when it is retryable and its {@code Retry-After} (if any) is within {@code maxRetryAfter}; the
     * wait is that {@code Retry-After}, else the policy's full-jitter backoff.
     */
    private Retry retries(RetryPolicy policy) {
        RetryConfig config = RetryConfig.<Attempt<?>>custom()
                .maxAttempts(policy.maxAttempts())
                .retryOnResult(attempt -> attempt.retryable() && !asksTooLong(attempt))
                .consumeResultBeforeRetryAttempt((retry, attempt) -> Counter.builder("llmwatch.provider.retries")
                        .tag("provider", name).tag("type", attempt.outcome().error().type())
                        .description("HTTP attempts retried").register(meters).increment())
                .intervalBiFunction((retry, result) -> {
                    Duration retryAfter = result.isRight() ? result.get().retryAfter() : null;
                    return (retryAfter != null ? retryAfter
                            : policy.backoff(retry, ThreadLocalRandom.current().nextDouble())).toMillis();
                })
                .build();
        return Retry.of(name, config);
    }

    private boolean asksTooLong(Attempt<?> attempt) {
        return attempt.retryAfter() != null && attempt.retryAfter().compareTo(retry.maxRetryAfter()) > 0;
    }

    /** A retryable failure not retried because the provider asked for a longer wait than llmwatch waits: says so. */
    private <T> Outcome<T> beyondRetryAfter(Attempt<T> last) {
        Outcome<T> outcome = last.outcome();
        if (!last.retryable() || outcome.attempts() >= retry.maxAttempts() || !asksTooLong(last)) {
            return outcome;
        }
        return new Outcome<>(null, new CallError(outcome.error().type(), outcome.error().message()
                + "; asked to retry after " + last.retryAfter().toSeconds() + " s, beyond the "
                + retry.maxRetryAfter().toSeconds() + " s llmwatch waits"), outcome.attempts(), outcome.latencyMs());
    }

    /** One HTTP attempt, within the concurrency limit and the breaker; never completes exceptionally. */
    private <T> CompletableFuture<Attempt<T>> attempt(HttpRequest request, ResponseParser<T> parser, int number) {
        return permits.acquire().thenCompose(held -> {
            CircuitBreaker.State stateBefore = breaker.getState();
            boolean permitted = breaker.tryAcquirePermission();
            logTransition(stateBefore);
            if (!permitted) {
                permits.release();
                return CompletableFuture.completedFuture(new Attempt<>(Outcome.<T>failed(ErrorTypes.CIRCUIT_OPEN,
                        "circuit breaker of provider " + name + " is open", number - 1, 0), false, null, false));
            }
            attempts.increment();
            long start = System.nanoTime();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    // the request timeout covers the wait for headers; this also bounds a stalled body
                    .orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                    // Back onto the provider pool: on a machine of two cores or fewer the JDK client
                    // completes each response on a new thread (CompletableFuture's thread-per-task
                    // default executor), and parsing, judging and publishing there would also pay for
                    // that thread's cold thread-locals (Jackson's buffers among them).
                    .handleAsync((response, error) -> {
                        long nanos = System.nanoTime() - start;
                        permits.release();
                        Attempt<T> result = error == null ? classify(response, parser) : classify(error);
                        CircuitBreaker.State before = breaker.getState();
                        if (result.countsAgainstProvider()) {
                            breaker.onError(nanos, TimeUnit.NANOSECONDS, new ProviderFailure(result.outcome().error().type()));
                        } else if (result.outcome().error() == null) {
                            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                        } else {
                            breaker.releasePermission();
                        }
                        logTransition(before);
                        if (response != null) {
                            latency.record(nanos, TimeUnit.NANOSECONDS);
                        }
                        double millis = nanos / 1e6;
                        Outcome<T> outcome = result.outcome();
                        return new Attempt<>(new Outcome<>(outcome.value(), outcome.error(), number, millis),
                                result.retryable(), result.retryAfter(), result.countsAgainstProvider());
                    }, executor);
        });
    }

    /**
     * Logs a change of the breaker's state. Compared by hand rather than through the breaker's
     * event publisher: with a consumer registered, it builds and dispatches an event for every call.
     */
    private void logTransition(CircuitBreaker.State before) {
        CircuitBreaker.State after = breaker.getState();
        if (after != before) {
            LOG.info("provider {}: circuit breaker {} -> {}", name, before, after);
        }
    }

    private <T> Outcome<T> finish(Outcome<T> outcome) {
        if (outcome.error() != null) {
            Counter.builder("llmwatch.provider.failures").tag("provider", name).tag("type", outcome.error().type())
                    .description("provider calls that failed, after retries").register(meters).increment();
        }
        return outcome;
    }

    private HttpRequest request(String path, byte[] body, Map<String, String> headers, ProviderApi api) {
        URI uri = URI.create(baseUrl + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "llmwatch-replay")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // Plain-text endpoints (local servers, vLLM, Ollama) speak HTTP/1.1; skip the h2c upgrade dance.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        if (apiKey != null) {
            builder.header(api.keyHeader(), api.keyValue(apiKey));
        }
        api.headers().forEach(builder::header);
        return builder.build();
    }

    private <T> Attempt<T> classify(HttpResponse<byte[]> response, ResponseParser<T> parser) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return new Attempt<>(new Outcome<>(parser.parse(response.body()), null, 0, 0), false, null, false);
            } catch (InvalidResponseException | RuntimeException e) {
                return failure(ErrorTypes.INVALID_RESPONSE, "provider " + name + " answered " + status + " with "
                        + e.getMessage(), false, null, true);
            }
        }
        String message = "HTTP " + status + " from provider " + name + errorMessage(response.body());
        Duration retryAfter = RetryAfter.of(response.headers(), Instant.now()).orElse(null);
        if (status == 429) {
            return failure(ErrorTypes.RATE_LIMITED, message, true, retryAfter, false);
        }
        if (status >= 500) {
            return failure(ErrorTypes.SERVER_ERROR, message, true, retryAfter, true);
        }
        if (status == 408) {
            return failure(ErrorTypes.TIMEOUT, message, true, retryAfter, true);
        }
        if (status == 401 || status == 403) {
            return failure(ErrorTypes.AUTH, message, false, null, false);
        }
        return failure(status == 404 ? ErrorTypes.NOT_FOUND : ErrorTypes.CLIENT_ERROR, message, false, null, false);
    }

    private <T> Attempt<T> classify(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return failure(ErrorTypes.TIMEOUT, "no answer from provider " + name + " within " + timeout.toMillis() + " ms",
                    true, null, true);
        }
        if (cause instanceof IOException) {
            return failure(ErrorTypes.CONNECTION, "cannot reach provider " + name + ": " + cause, true, null, true);
        }
        return failure(ErrorTypes.CLIENT_ERROR, "request to provider " + name + " failed: " + cause, false, null, false);
    }

    private static <T> Attempt<T> failure(String type, String message, boolean retryable, Duration retryAfter,
                                          boolean countsAgainstProvider) {
        return new Attempt<>(Outcome.failed(type, message, 0, 0), retryable, retryAfter, countsAgainstProvider);
    }

    /** The provider's own {@code error.message}, when its body has one. */
    private static String errorMessage(byte[] body) {
        try {
            JsonNode json = Json.mapper().readTree(body);
            String message = json == null ? "" : json.path("error").path("message").asText("");
            if (message.isEmpty()) {
                return "";
            }
            return ": " + (message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message);
        } catch (IOException e) {
            return "";
        }
    }

    /** One HTTP attempt's result and what it means for retrying and for the breaker. */
    private record Attempt<T>(Outcome<T> outcome, boolean retryable, Duration retryAfter, boolean countsAgainstProvider) {
    }

    /** What the breaker records for a failed attempt: the error type, without a stack trace. */
    static final class ProviderFailure extends Exception {
        ProviderFailure(String type) {
            super(type, null, false, false);
        }
    }
}
