package io.llmwatch.collector.proxy;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.collector.ingest.BoundedBody;
import io.llmwatch.concurrent.DaemonThreads;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.event.CallError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible recording proxy (docs/architecture.md §8): {@code POST /proxy/<provider>/v1/chat/completions}
 * forwards the request to the provider's {@code base_url + /chat/completions}, returns its answer
 * unchanged, and records the call to {@code llmwatch.calls}. A service adopts it by changing its
 * client's base URL to {@code http://collector:8080/proxy/<provider>/v1}.
 *
 * <ul>
 *   <li><b>Credentials.</b> When the provider names {@code api_key_env}, that variable is read at
 *       request time and sent as the API wants it ({@code Authorization: Bearer}, Anthropic's
 *       {@code x-api-key}); otherwise the caller's own {@code Authorization} or {@code x-api-key} goes
 *       through. llmwatch's headers ({@code X-LLMWatch-*}, the collector key) never reach the provider.
 *       Without collector keys ({@code --no-auth}) the server-side key is never lent: anyone who reaches
 *       the port could spend it, so each caller must send its own credential, else 401.</li>
 *   <li><b>Non-blocking.</b> The upstream call is asynchronous ({@link HttpClient#sendAsync}); no
 *       Jetty thread waits for the provider. A stream is relayed by a proxy thread that flushes each
 *       server-sent event as soon as its blank line arrived.</li>
 *   <li><b>Streams.</b> Detected from {@code "stream": true} in the body; see {@link ChatRequest} for
 *       the usage chunk that is added and then stripped again.</li>
 *   <li><b>Errors.</b> The provider's 4xx/5xx go back as it sent them; no answer within the timeout
 *       is 504, an unreachable provider 502 (both with an OpenAI-style error body, which the SDKs
 *       retry). All are recorded as failed calls.</li>
 *   <li><b>Compression.</b> A gzip request body is decoded. Upstream, gzip is asked for only when the
 *       caller accepts it; a gzip response is passed on encoded to a caller that accepts gzip and
 *       decoded for one that does not. Streams are asked for unencoded, so each event can be read
 *       and flushed as it comes.</li>
 *   <li><b>Recording.</b> After the answer is written (a failure that the SDK will retry is handed
 *       to the {@link RetryTracker} just before), on the {@link CallRecorder}'s thread: nothing
 *       about Kafka adds latency to the call or can fail it.</li>
 * </ul>
 */
public final class ProxyEndpoint implements Handler, AutoCloseable {

    public static final String PATH = "/proxy/{provider}/v1/chat/completions";
    static final String PROVIDER_PARAM = "provider";
    private static final Logger log = LoggerFactory.getLogger(ProxyEndpoint.class);
    private static final int MAX_ERROR_BODY = 4 * 1024 * 1024;

    private final ProxyOptions options;
    private final ProviderDirectory providers;
    private final long maxBodyBytes;
    private final Clock clock;
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private final HttpClient client;
    private final CallRecorder recorder;
    private final RetryTracker retries;
    private final MeterRegistry registry;
    private final boolean lendServerKeys;

    /**
     * @param sink           where recorded calls go; it redacts them
     * @param lendServerKeys whether a provider's {@code api_key_env} key may be sent for callers:
     *                       only when the collector itself requires API keys
     */
    public ProxyEndpoint(ProxyOptions options, ProviderDirectory providers, long maxBodyBytes, CallSink sink,
                         MeterRegistry registry, boolean lendServerKeys) {
        this.options = options;
        this.lendServerKeys = lendServerKeys;
        this.providers = providers;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = Clock.systemUTC();
        this.registry = registry;
        this.pool = Executors.newCachedThreadPool(DaemonThreads.numbered("llmwatch-proxy-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered("llmwatch-proxy-timer-"));
        this.client = HttpClient.newBuilder()
                .executor(pool)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.recorder = new CallRecorder(sink, registry);
        this.retries = new RetryTracker(timer, options.retryGrace(), recorder::record);
    }

    @Override
    public void handle(Context ctx) throws IOException {
        handle(ctx, WireApi.CHAT_COMPLETIONS);
    }

    /**
     * The routes of the other APIs the proxy speaks, each handled as chat completions are but read
     * by its own {@link WireApi}: {@code /proxy/<provider>/v1/messages} (Anthropic Messages) and
     * {@code /proxy/<provider>/v1/responses} (OpenAI Responses).
     */
    public Map<String, Handler> otherApis() {
        return Map.of(WireApi.ANTHROPIC_MESSAGES.path(), ctx -> handle(ctx, WireApi.ANTHROPIC_MESSAGES),
                WireApi.RESPONSES.path(), ctx -> handle(ctx, WireApi.RESPONSES));
    }

    private void handle(Context ctx, WireApi api) throws IOException {
        Instant timestamp = clock.instant();
        String name = ctx.pathParam(PROVIDER_PARAM);
        Optional<ProviderConfig> found = providers.find(name);
        if (found.isEmpty()) {
            ProxyErrors.write(ctx, 404, "invalid_request_error", "unknown_provider", "llmwatch has no provider named '"
                    + name + "'; configured: " + String.join(", ", providers.names()));
            return;
        }
        ProviderConfig provider = found.get();
        boolean callerKeyed = WireApi.callerCredential(ctx::header) != null;
        if (!lendServerKeys && serverKeyed(provider) && !callerKeyed) {
            ProxyErrors.write(ctx, 401, "invalid_request_error", "authorization_required", "this llmwatch collector"
                    + " runs without API keys (--no-auth), so it does not lend its own key for provider '" + name
                    + "': send your provider key as Authorization: Bearer <key>, or run the collector with API keys");
            return;
        }
        String providerKey = providerKey(provider);
        if (providerKey == null && serverKeyed(provider) && lendServerKeys) {
            ProxyErrors.write(ctx, 500, "server_error", "provider_key_missing", "provider '" + name
                    + "' takes its API key from the environment variable " + provider.apiKeyEnv()
                    + ", which is not set where the llmwatch collector runs");
            return;
        }
        byte[] body = BoundedBody.read(ctx, maxBodyBytes);
        ChatRequest request = api.request(body);
        Labels labels = Labels.of(ctx.header(Headers.APP), ctx.header(Headers.TASK), ctx.header(Headers.TRACE),
                ctx.header(Headers.SESSION), options);
        Attempt attempt = retries.begin(identity(ctx, name, body, labels), retryCount(ctx));
        Duration timeout = provider.timeoutMs() == null ? options.defaultTimeout() : Duration.ofMillis(provider.timeoutMs());
        boolean callerTakesGzip = Headers.acceptsGzip(ctx.header("Accept-Encoding"));
        HttpRequest upstream = UpstreamRequest.of(ctx, provider, request, providerKey, timeout,
                !request.stream() && callerTakesGzip);
        Call call = new Call(ctx, name, timestamp, labels, request, attempt, timeout, callerTakesGzip);
        ctx.future(() -> call.start(upstream));
    }

    /** Stops forwarding, publishes held failures and what is queued, and releases the threads. */
    @Override
    public void close() {
        retries.close();
        recorder.close();
        timer.shutdownNow();
        pool.shutdownNow();
    }

    private static boolean serverKeyed(ProviderConfig provider) {
        return provider.apiKeyEnv() != null && !provider.apiKeyEnv().isBlank();
    }

    /** llmwatch's key for the provider, from its {@code api_key_env}; null when it names none, is unset or may not be lent. */
    private String providerKey(ProviderConfig provider) {
        if (serverKeyed(provider) && lendServerKeys) {
            String key = options.environment().apply(provider.apiKeyEnv());
            return key == null || key.isBlank() ? null : key.trim();
        }
        return null;
    }

    /** Only callers that retry on their own (the Stainless SDKs, or an Idempotency-Key) need an identity. */
    private static String identity(Context ctx, String provider, byte[] body, Labels labels) {
        String idempotencyKey = ctx.header(Headers.IDEMPOTENCY_KEY);
        if (idempotencyKey == null && ctx.header(Headers.RETRY_COUNT) == null) {
            return null;
        }
        return RetryTracker.identity(provider, idempotencyKey, body, WireApi.callerCredential(ctx::header),
                ctx.header(ApiKeyFilter.KEY_HEADER), labels.app(), labels.taskType(), ctx.ip());
    }

    private static int retryCount(Context ctx) {
        String value = ctx.header(Headers.RETRY_COUNT);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** One proxied attempt in flight. */
    private final class Call {

        private final Context ctx;
        private final String provider;
        private final Instant timestamp;
        private final Labels labels;
        private final ChatRequest request;
        private final Attempt attempt;
        private final Duration timeout;
        private final boolean callerTakesGzip;
        private long sentNanos;

        Call(Context ctx, String provider, Instant timestamp, Labels labels, ChatRequest request, Attempt attempt,
             Duration timeout, boolean callerTakesGzip) {
            this.ctx = ctx;
            this.provider = provider;
            this.timestamp = timestamp;
            this.labels = labels;
            this.request = request;
            this.attempt = attempt;
            this.timeout = timeout;
            this.callerTakesGzip = callerTakesGzip;
        }

        CompletableFuture<Void> start(HttpRequest upstream) {
            sentNanos = System.nanoTime();
            if (request.stream()) {
                return client.sendAsync(upstream, HttpResponse.BodyHandlers.ofInputStream())
                        .handleAsync((response, error) -> {
                            if (error != null) {
                                failed(error);
                            } else {
                                streamed(response);
                            }
                            return null;
                        }, pool);
            }
            return client.sendAsync(upstream, HttpResponse.BodyHandlers.ofByteArray())
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((response, error) -> {
                        if (error != null) {
                            failed(error);
                        } else {
                            answered(response.statusCode(), response.headers(), response.body());
                        }
                        return null;
                    });
        }

        /** A complete (non-streamed, or error) answer: written back, then recorded. */
        private void answered(int status, HttpHeaders headers, byte[] body) {
            double latency = millisSince(sentNanos);
            boolean gzip = headers.firstValue("Content-Encoding").map(v -> v.trim().equalsIgnoreCase("gzip")).orElse(false);
            Exchange exchange = new Exchange(attempt, timestamp, provider, labels, request, status, body, gzip, null,
                    latency, null, null, Headers.retryAfterMs(headers), Headers.shouldRetry(headers));
            boolean failed = exchange.failed();
            if (failed) {
                retries.finish(exchange);
            }
            try {
                writeComplete(status, headers, body, gzip);
            } catch (IOException | RuntimeException e) {
                log.debug("proxy {}: the caller went away before the answer was written: {}", provider, e.toString());
            }
            if (!failed) {
                retries.finish(exchange);
            }
            count(status);
        }

        private void writeComplete(int status, HttpHeaders headers, byte[] body, boolean gzip) throws IOException {
            HttpServletResponse res = ctx.res();
            res.setStatus(status);
            Headers.copyResponse(headers, res);
            byte[] out = body;
            if (gzip && callerTakesGzip) {
                res.setHeader("Content-Encoding", "gzip");
            } else if (gzip) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    out = in.readAllBytes();
                }
            } else {
                headers.firstValue("Content-Encoding").ifPresent(coding -> res.setHeader("Content-Encoding", coding));
            }
            res.setContentLength(out.length);
            OutputStream stream = res.getOutputStream();
            stream.write(out);
            stream.flush();
        }

        /** A streamed answer: each event relayed and flushed as it arrives, on this proxy thread. */
        private void streamed(HttpResponse<InputStream> response) {
            int status = response.statusCode();
            HttpHeaders headers = response.headers();
            boolean eventStream = headers.firstValue("Content-Type")
                    .map(type -> type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")).orElse(false);
            if (status >= 400 || !eventStream) {
                byte[] body;
                try (InputStream in = response.body()) {
                    body = in.readNBytes(MAX_ERROR_BODY);
                } catch (IOException e) {
                    failed(e);
                    return;
                }
                answered(status, headers, body);
                return;
            }
            SseRelay relay = new SseRelay(response.body(), headers, request, provider, timeout, sentNanos, timer);
            relay.run(ctx.res(), status);
            Exchange exchange = new Exchange(attempt, timestamp, provider, labels, request, status, null, false,
                    relay.reply(), millisSince(sentNanos), relay.timeToFirstToken(), relay.failure(), null, null);
            retries.finish(exchange);
            count(status);
        }

        /** No answer: 504 for a timeout, 502 when the provider could not be reached or broke off. */
        private void failed(Throwable error) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean timedOut = cause instanceof HttpTimeoutException || cause instanceof TimeoutException;
            int status = timedOut ? 504 : 502;
            String message = timedOut
                    ? "the provider did not answer within " + timeout.toMillis() + " ms"
                    : cause instanceof ConnectException
                            ? "the provider could not be reached"
                            : "the request to the provider failed: " + cause.getClass().getSimpleName();
            CallError failure = new CallError(timedOut ? "timeout" : "upstream_unreachable", message);
            Exchange exchange = new Exchange(attempt, timestamp, provider, labels, request, status, null, false, null,
                    millisSince(sentNanos), null, failure, null, null);
            retries.finish(exchange);
            log.debug("proxy {}: {}", provider, message);
            try {
                ProxyErrors.write(ctx.res(), status, timedOut ? "timeout" : "server_error", failure.type(), message);
            } catch (IOException | RuntimeException e) {
                log.debug("proxy {}: the caller went away before the error was written: {}", provider, e.toString());
            }
            count(status);
        }

        private void count(int status) {
            Counter.builder("llmwatch.collector.proxy.calls")
                    .description("Proxied calls by provider and status class")
                    .tag("provider", provider)
                    .tag("status", status / 100 + "xx")
                    .register(registry)
                    .increment();
        }
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }
}
