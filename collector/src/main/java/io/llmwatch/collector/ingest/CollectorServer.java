package io.llmwatch.collector.ingest;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.llmwatch.collector.otlp.OtlpEndpoint;
import io.llmwatch.collector.otlp.OtlpGrpcServer;
import io.llmwatch.collector.otlp.OtlpMapping;
import io.llmwatch.collector.otlp.TraceExports;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.collector.management.Probes;
import io.llmwatch.collector.proxy.ProviderDirectory;
import io.llmwatch.config.ControlView;
import io.llmwatch.collector.proxy.ProxyEndpoint;
import io.llmwatch.redact.Redactor;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.health.Health;
import io.llmwatch.health.HealthCheck;
import io.llmwatch.health.HealthChecks;
import io.llmwatch.sdk.LlmWatch;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's HTTP ingest server (docs/architecture.md §8): applications POST {@link LlmCall}s and
 * {@link Evaluation}s, which it validates and publishes to Kafka.
 *
 * <ul>
 *   <li>{@code POST /v1/events}: one {@code LlmCall} JSON object or an array of them, to
 *       {@code llmwatch.calls} keyed by {@code call_id};</li>
 *   <li>{@code POST /v1/evaluations}: the same for {@code Evaluation}s, to {@code llmwatch.evaluations};</li>
 *   <li>{@code POST /proxy/<provider>/v1/chat/completions}: the recording proxy ({@link ProxyEndpoint});</li>
 *   <li>{@code POST /v1/traces} (OTLP/HTTP) and, with {@link CollectorOptions#otlpGrpcPort()}, OTLP/gRPC on its
 *       own port ({@link OtlpGrpcServer}): OpenTelemetry GenAI spans;</li>
 *   <li>{@code GET /healthz}, {@code /readyz}, {@code /metrics}: the {@link Probes} of the process;
 *       {@code /healthz} is 503 also while publishing to Kafka fails.</li>
 * </ul>
 *
 * <p>An ingest request is answered only once Kafka acknowledged all of its records, so a 2xx means
 * the events are durable. Answers: 202 all items accepted; 400 some rejected, each named with its
 * index and field errors (the valid items of the batch are published all the same, and the invalid
 * ones go to {@code llmwatch.dlq}: retrying the whole batch is safe, because {@code call_id} is the
 * idempotency key downstream); 413 body larger than {@link CollectorOptions#maxBodyBytes()} (after
 * gzip decoding too) or more items than {@link RequestLimits#maxItems()}; 415 a body that is not
 * {@code application/json}; 408 a body that stalls ({@link RequestLimits#readTimeout()}); 503 with
 * {@code Retry-After} when Kafka did not acknowledge within {@link CollectorOptions#sendTimeout()}.
 * Every error is JSON.
 *
 * <p>With API keys configured, every {@code /v1/*} and {@code /proxy/*} request needs one
 * ({@link ApiKeyFilter}), else 401; {@code /healthz} and {@code /metrics} stay open. Calls and
 * evaluations are redacted ({@link Redactor}) before they are published.
 *
 * <p>A proxied call is answered before it is recorded (Kafka must never fail it), so it is recorded
 * through the SDK ({@link LlmWatch}): while Kafka cannot take it, it waits in the SDK's crash-safe
 * disk spool ({@link io.llmwatch.collector.proxy.ProxyOptions#spoolDirectory()}) and is sent later.
 */
public final class CollectorServer implements AutoCloseable {

    public static final String EVENTS_PATH = "/v1/events";
    public static final String EVALUATIONS_PATH = "/v1/evaluations";
    public static final String HEALTH_PATH = Probes.HEALTH_PATH;
    public static final String METRICS_PATH = Probes.METRICS_PATH;
    /** Every ingest path: all require an API key (header or bearer) when keys are configured. */
    public static final String INGEST_PATHS = "/v1/*";
    /** The proxy: requires an API key in {@code X-LLMWatch-Key} when keys are configured. */
    public static final String PROXY_PATHS = "/proxy/*";

    static final int RETRY_AFTER_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(CollectorServer.class);

    private final CollectorOptions options;
    private final MeterRegistry registry;
    private final PublishHealth health;
    private final KafkaPublisher publisher;
    private final KafkaClientMetrics producerMetrics;
    private final Redactor redactor;
    private final ProxyEndpoint proxy;
    private final LlmWatch proxyCalls;
    private final ControlView control;
    private final Javalin app;
    /** OTLP/gRPC, when a port is configured; null otherwise. */
    private final OtlpGrpcServer otlpGrpc;
    private volatile int otlpGrpcPort = -1;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    public CollectorServer(CollectorOptions options, MeterRegistry registry) {
        this(options, registry, new HealthChecks());
    }

    /**
     * @param checks the health checks of the whole process, answered on {@code /healthz} and
     *               {@code /readyz}; the collector adds its own (publishing to Kafka fails)
     */
    public CollectorServer(CollectorOptions options, MeterRegistry registry, HealthChecks checks) {
        this.options = options;
        this.registry = registry;
        Clock clock = Clock.systemUTC();
        this.health = new PublishHealth(clock);
        this.publisher = new KafkaPublisher(options, health);
        this.producerMetrics = new KafkaClientMetrics(publisher.producer());
        producerMetrics.bindTo(registry);
        this.app = Javalin.create(config -> {
            config.http.maxRequestSize = options.maxBodyBytes();
            ServerSettings.base(config, options.limits().readTimeout());
            config.requestLogger.http(this::recordTiming);
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
        });
        this.redactor = Redactor.of(options.redaction());
        this.control = new ControlView(options.kafka(), "llmwatch-collector-control", (key, value) -> { });
        ProviderDirectory providers = new ProviderDirectory(options.proxy().providers(), control::get, control::keys,
                options.proxy().providersAllow());
        // The SDK redacts proxied calls with the collector's rules: once, as for every call it records.
        this.proxyCalls = LlmWatch.builder().bootstrapServers(options.kafka().bootstrapServers())
                .producerProperties(options.kafka().properties()).redaction(options.redaction())
                .spoolDirectory(options.proxy().spoolDirectory()).meterRegistry(registry).build();
        this.proxy = new ProxyEndpoint(options.proxy(), providers, options.maxBodyBytes(), this::recordProxiedCall,
                registry, options.apiKeys().required());
        app.before(INGEST_PATHS, new ApiKeyFilter(options.apiKeys(), ApiKeyFilter.Mode.KEY_OR_BEARER, registry));
        app.before(PROXY_PATHS, new ApiKeyFilter(options.apiKeys(), ApiKeyFilter.Mode.KEY_HEADER_ONLY, registry));
        JsonContentType json = new JsonContentType();
        app.before(EVENTS_PATH, json);
        app.before(EVALUATIONS_PATH, json);
        app.before(PROXY_PATHS, json);
        app.post(ProxyEndpoint.PATH, proxy);
        proxy.otherApis().forEach(app::post);
        app.post(EVENTS_PATH, new IngestEndpoint<>(EVENTS_PATH, LlmCall.reader(options.eventTimes()),
                Topics.CALLS, LlmCall::callId, publisher, options, clock, registry, redactor::redact, redactor));
        app.post(EVALUATIONS_PATH, new IngestEndpoint<>(EVALUATIONS_PATH, Evaluation.reader(options.eventTimes()),
                Topics.EVALUATIONS, Evaluation::callId, publisher, options, clock, registry, redactor::redact, redactor));
        TraceExports traces = new TraceExports(publisher, redactor, OtlpMapping.defaults(), options, clock, registry);
        app.post(OtlpEndpoint.PATH, new OtlpEndpoint(traces, options));
        this.otlpGrpc = options.otlpGrpcPort() == null ? null : new OtlpGrpcServer(traces, options, registry);
        checks.add(HealthCheck.of("collector", () -> health.problem()
                .map(problem -> new Health(false, false, Map.of("error", "Kafka: " + problem)))
                .orElseGet(() -> Health.up(Map.of()))));
        Probes.install(app, checks, registry);
        app.exception(PublishException.class, this::publishFailed);
        app.exception(HttpResponseException.class, (e, ctx) ->
                ctx.status(e.getStatus()).json(JsonErrorHandler.response(e.getStatus(), e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .json(new ErrorResponse("internal_error", "the collector failed to handle the request"));
        });
    }

    /**
     * Starts listening on {@link CollectorOptions#port()} of {@link CollectorOptions#host()}.
     *
     * @return the bound port (a free one when the configured port is 0)
     */
    public int start() {
        if (closed.get()) {
            throw new IllegalStateException("the collector server is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the collector server is already started");
        }
        control.start();
        ServerSettings.start(app, options.host(), options.port());
        log.info("collector listening on {}:{}, publishing to {}; {}", options.host(), app.port(),
                options.kafka(), options.apiKeys());
        if (otlpGrpc != null) {
            otlpGrpcPort = otlpGrpc.start();
            log.info("OTLP/gRPC (TraceService/Export) on {}:{}", options.host(), otlpGrpcPort);
        }
        if (!options.apiKeys().required()) {
            log.warn("API keys are switched off: anyone who reaches {}:{} can publish calls and use the proxy with"
                    + " their own provider key (the proxy lends no server-side key without auth)", options.host(), app.port());
        }
        return app.port();
    }

    /** The bound port; only once {@link #start()} returned. */
    public int port() {
        if (!started.get()) {
            throw new IllegalStateException("the collector server is not started");
        }
        return app.port();
    }

    /** The bound OTLP/gRPC port; empty when OTLP/gRPC is not served or not started. */
    public OptionalInt otlpGrpcPort() {
        return otlpGrpcPort < 0 ? OptionalInt.empty() : OptionalInt.of(otlpGrpcPort);
    }

    /** Stops accepting requests, then flushes and closes the producer. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (otlpGrpc != null) {
                otlpGrpc.close();
            }
            app.stop();
        } finally {
            try {
                control.close();
                proxy.close();
            } finally {
                // what Kafka cannot take in time stays in the spool for the next start
                proxyCalls.close();
                producerMetrics.close();
                publisher.close();
            }
        }
    }

    /** The redaction every published call and evaluation goes through, for endpoints added beside these. */
    public Redactor redactor() {
        return redactor;
    }

    /** Hands the call to the SDK, which sends it, or spools it while Kafka is away; completes at once. */
    private CompletableFuture<?> recordProxiedCall(LlmCall call) {
        proxyCalls.record(call);
        return CompletableFuture.completedFuture(null);
    }

    private void publishFailed(PublishException e, Context ctx) {
        Counter.builder("llmwatch.collector.publish.failures")
                .description("Ingest requests answered 503 or 413 because Kafka did not acknowledge their records")
                .tag("endpoint", ctx.endpointHandlerPath())
                .register(registry)
                .increment();
        if (e.recordTooLarge()) {
            ctx.status(HttpStatus.CONTENT_TOO_LARGE).json(new ErrorResponse("record_too_large",
                    "an item is larger than Kafka accepts (" + e.getCause().getMessage()
                            + "); send it smaller, e.g. without the request or output text"));
            return;
        }
        log.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
                .json(new ErrorResponse("kafka_unavailable", "Kafka did not acknowledge the events within "
                        + options.sendTimeout().toMillis() + " ms, so they may not be stored; retry the whole request"
                        + " (call_id makes retries safe)"));
    }

    private void recordTiming(Context ctx, Float executionMillis) {
        int status = ctx.statusCode();
        String uri = status == HttpStatus.NOT_FOUND.getCode() ? "NOT_FOUND" : handlerPath(ctx);
        Timer.builder("http.server.requests")
                .description("HTTP requests to the collector")
                .tag("method", ctx.method().name())
                .tag("uri", uri)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(Duration.ofNanos((long) (executionMillis * 1_000_000)));
    }

    /** The endpoint's path; for a request a before-handler refused (401), the before-handler's path. */
    private static String handlerPath(Context ctx) {
        try {
            return ctx.endpointHandlerPath();
        } catch (IllegalStateException e) {
            return ctx.matchedPath();
        }
    }
}
