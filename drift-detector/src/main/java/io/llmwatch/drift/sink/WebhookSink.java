package io.llmwatch.drift.sink;

import io.llmwatch.concurrent.DaemonThreads;
import io.llmwatch.config.WebhookConfig;
import io.llmwatch.delivery.RetryAfter;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.json.Json;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to one webhook, as the alert's JSON or as a Slack message ({@link WebhookConfig}).
 *
 * <p>{@link #send} only puts the alert in a bounded queue and returns a stage that completes when
 * the alert is delivered or dropped for good, so its caller ({@link AlertDelivery}) commits the
 * alert's offset only then and never waits for a web server. One alert is delivered at a time, in the order
 * sent (so a {@code resolved} never overtakes its {@code firing}), with {@link HttpClient}'s
 * asynchronous API on the sink's own dispatcher thread. A connection error, a timeout, a 5xx or a
 * 429 is retried after an exponential backoff with jitter (from {@code initial_backoff}, doubling,
 * at most {@value #MAX_BACKOFF_SECONDS} s), or after the server's {@code Retry-After} when it sends
 * one (read by {@link RetryAfter}, at most {@value #MAX_RETRY_AFTER_SECONDS} s); any other answer is
 * final. Each request carries {@link #idempotencyKey} as {@code Idempotency-Key}, so a receiver can
 * discard the duplicate that a retry after a timeout, or a redelivery after a crash, produces.
 *
 * <p>What cannot be delivered is dropped, logged (sink name, alert id, type, dedup key and why,
 * never the URL's path or a header value: a Slack webhook URL is itself a secret) and counted in
 * {@code llmwatch.webhook.dropped} tagged {@code webhook} and {@code reason}: {@code queue_full},
 * {@code max_attempts}, {@code rejected} (a final answer such as 400), or {@code closed}. An alert
 * dropped because the sink closed is not done: its stage fails, so its offset stays uncommitted and
 * the next process delivers it. Deliveries
 * are counted in {@code llmwatch.webhook.delivered}, retries in {@code llmwatch.webhook.retries}.
 */
public final class WebhookSink implements AlertSink {

    static final long MAX_BACKOFF_SECONDS = 60;
    static final long MAX_RETRY_AFTER_SECONDS = 300;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);

    /** Why an alert was not delivered; the tag value of {@code llmwatch.webhook.dropped}. */
    enum DropReason {
        QUEUE_FULL, MAX_ATTEMPTS, REJECTED, CLOSED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An alert waiting for its turn, and the stage its sender waits on. */
    private record Pending(DriftAlert alert, CompletableFuture<Void> done) {
    }

    /** One alert being delivered, with its request body written once for all attempts. */
    private record Delivery(Pending pending, byte[] body) {
        DriftAlert alert() {
            return pending.alert();
        }
    }

    private final String name;
    private final WebhookConfig config;
    /** The URL and headers; only its origin (no path, query or credentials) may reach a log. */
    private final WebhookTarget target;
    private final HttpClient client;
    private final BlockingQueue<Pending> queue;
    private final ScheduledThreadPoolExecutor dispatcher;
    private final AtomicReference<Delivery> current = new AtomicReference<>();
    private volatile CompletableFuture<?> attemptInProgress = CompletableFuture.completedFuture(null);
    private volatile boolean closed;
    private final Counter delivered;
    private final Counter retries;
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);

    /**
     * A sink for the webhook {@code name}, reading {@code url_env} and {@code headers_env} from the
     * process environment.
     *
     * @throws IllegalArgumentException when a variable it names is unset or the URL it holds is not an http(s) URL
     */
    public WebhookSink(String name, WebhookConfig config, MeterRegistry registry) {
        this(name, config, registry, System::getenv);
    }

    WebhookSink(String name, WebhookConfig config, MeterRegistry registry, Function<String, String> environment) {
        this.name = name;
        this.config = config;
        this.target = WebhookTarget.resolve(name, config, environment);
        // HTTP/1.1: one small POST at a time gains nothing from HTTP/2, and some receivers mishandle
        // the h2c upgrade the client would otherwise attempt on http:// URLs
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout()).build();
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.dispatcher = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("llmwatch-webhook-" + name));
        dispatcher.setRemoveOnCancelPolicy(true);
        this.delivered = Counter.builder("llmwatch.webhook.delivered").description("alerts delivered to a webhook")
                .tag("webhook", name).register(registry);
        this.retries = Counter.builder("llmwatch.webhook.retries").description("webhook delivery attempts retried")
                .tag("webhook", name).register(registry);
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, Counter.builder("llmwatch.webhook.dropped").description("alerts a webhook did not receive")
                    .tag("webhook", name).tag("reason", reason.tag()).register(registry));
        }
    }

    /**
     * The key a receiver deduplicates by: the alert id (derived from what the alert reports, so the
     * same after any restart) and its status, so a firing and its resolution never share one.
     */
    public static String idempotencyKey(DriftAlert alert) {
        return alert.alertId() + "/" + (alert.status() == null ? "" : alert.status().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public CompletableFuture<Void> send(DriftAlert alert) {
        Pending pending = new Pending(alert, new CompletableFuture<>());
        if (closed) {
            drop(pending, DropReason.CLOSED, 0, "the sink is closed");
        } else if (!queue.offer(pending)) {
            drop(pending, DropReason.QUEUE_FULL, 0, "all " + config.queueCapacity() + " places of the queue are taken");
        } else {
            dispatch(this::deliverNext);
        }
        return pending.done();
    }

    /** Starts delivering the next queued alert unless one is under way. Runs on the dispatcher thread only. */
    private void deliverNext() {
        while (!closed && current.get() == null) {
            Pending pending = queue.poll();
            if (pending == null) {
                return;
            }
            byte[] body;
            try {
                body = body(pending.alert());
            } catch (IOException | RuntimeException e) {
                drop(pending, DropReason.REJECTED, 0, "cannot be written as " + config.format().json() + ": " + e.getMessage());
                continue;
            }
            Delivery delivery = new Delivery(pending, body);
            current.set(delivery);
            attempt(delivery, 1);
        }
    }

    private byte[] body(DriftAlert alert) throws IOException {
        return switch (config.format()) {
            case GENERIC -> Json.mapper().writeValueAsBytes(alert);
            case SLACK -> Json.mapper().writeValueAsBytes(Map.of("text", AlertText.slack(alert)));
        };
    }

    /** Sends one attempt; its outcome arrives on one of the HTTP client's threads. */
    private void attempt(Delivery delivery, int attempt) {
        if (current.get() != delivery) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target.uri())
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "llmwatch")
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        if (delivery.alert().alertId() != null) {
            request.header("Idempotency-Key", idempotencyKey(delivery.alert()));
        }
        target.headers().forEach(request::header);
        try {
            attemptInProgress = client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> completed(delivery, attempt, response, error));
        } catch (RuntimeException e) {
            completed(delivery, attempt, null, e);
        }
    }

    private void completed(Delivery delivery, int attempt, HttpResponse<?> response, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null && response.statusCode() / 100 == 2) {
            if (finish(delivery)) {
                delivered.increment();
                delivery.pending().done().complete(null);
            }
            return;
        }
        String failure = cause == null ? "HTTP " + response.statusCode() : target.describe(cause);
        boolean retryable = cause == null
                ? response.statusCode() >= 500 || response.statusCode() == 429
                : cause instanceof IOException;
        boolean attemptsLeft = attempt < config.maxAttempts();
        if (retryable && attemptsLeft && retry(delivery, attempt, response, failure)) {
            return;
        }
        DropReason reason = !retryable ? DropReason.REJECTED : attemptsLeft ? DropReason.CLOSED : DropReason.MAX_ATTEMPTS;
        if (finish(delivery)) {
            drop(delivery.pending(), reason, attempt, failure);
        }
    }

    /** Schedules the next attempt; false when the sink is closed. */
    private boolean retry(Delivery delivery, int attempt, HttpResponse<?> response, String failure) {
        if (closed) {
            return false;
        }
        Duration wait = retryAfter(response).orElseGet(() -> backoff(attempt));
        try {
            dispatcher.schedule(() -> attempt(delivery, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            return false;
        }
        retries.increment();
        LOG.debug("webhook {}: attempt {} of alert {} failed ({}), retrying in {} ms", name, attempt,
                delivery.alert().alertId(), failure, wait.toMillis());
        return true;
    }

    /**
     * Ends the delivery and starts the next one. False when {@link #close()} has already taken (and
     * counted) this delivery.
     */
    private boolean finish(Delivery delivery) {
        if (!current.compareAndSet(delivery, null)) {
            return false;
        }
        dispatch(this::deliverNext);
        return true;
    }

    private void dispatch(Runnable task) {
        try {
            dispatcher.execute(task);
        } catch (RejectedExecutionException e) {
            dropQueued();
        }
    }

    /**
     * Stops delivering: cancels pending retries, waits for an attempt under way (at most its
     * timeout), and counts every alert not delivered as dropped ({@code closed}).
     */
    @Override
    public void close() {
        closed = true;
        dispatcher.shutdownNow();
        try {
            attemptInProgress.get(config.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the attempt's own outcome handling has seen the failure; what is left is dropped below
        }
        Delivery unfinished = current.getAndSet(null);
        if (unfinished != null) {
            drop(unfinished.pending(), DropReason.CLOSED, 0, "the sink was closed before the alert was delivered");
        }
        dropQueued();
    }

    private void dropQueued() {
        for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
            drop(pending, DropReason.CLOSED, 0, "the sink is closed");
        }
    }

    /**
     * Counts and logs an alert not delivered. A final answer, exhausted attempts or a full queue end
     * its delivery (its offset may be committed); a closed sink does not (the next process delivers it).
     */
    private void drop(Pending pending, DropReason reason, int attempts, String why) {
        dropped.get(reason).increment();
        DriftAlert alert = pending.alert();
        if (reason == DropReason.CLOSED) {
            pending.done().completeExceptionally(new CancellationException("webhook " + name + " closed"));
        } else {
            pending.done().complete(null);
        }
        LOG.warn("webhook {} ({}): dropped {} alert {} ({}) after {} attempt(s), {}: {}", name, target.origin(), alert.type(),
                alert.alertId(), alert.dedupKey(), attempts, reason.tag(), why);
    }

    /** {@code initial_backoff × 2^(attempt − 1)}, capped, times a random factor in [0.5, 1). */
    private Duration backoff(int attempt) {
        long cap = TimeUnit.SECONDS.toMillis(MAX_BACKOFF_SECONDS);
        long base = Math.min(cap, config.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis((long) (base * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response == null ? Optional.empty()
                : RetryAfter.of(response.headers(), Instant.now(), Duration.ofSeconds(MAX_RETRY_AFTER_SECONDS));
    }
}
