package io.llmwatch.collector.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gives the attempts of one logical call one {@code call_id}, so that an SDK's retries are not
 * counted as separate calls.
 *
 * <p><b>Which requests are attempts of the same call.</b> The OpenAI SDKs send no idempotency key
 * (the Node SDK's mechanism exists but OpenAI does not switch it on), only
 * {@code X-Stainless-Retry-Count}: 0 on the first attempt, then 1, 2, ... on each retry, with the
 * same body. So a request's <em>identity</em> is a SHA-256 over the provider, the caller's
 * credentials ({@code Authorization}, {@code X-LLMWatch-Key}), its labels, its address and the
 * exact body; or, when the caller sends an {@code Idempotency-Key}, that key and the provider. A
 * first attempt (retry count 0) always starts a new logical call, even when an identical request
 * was made before: identical prompts sent on purpose are separate calls. A retry (count &gt; 0)
 * joins the logical call its identity last started, if that is still open; otherwise it starts one.
 *
 * <p><b>Why failures are held back.</b> Downstream, the first event of a {@code call_id} wins and
 * later ones are dropped as duplicates. Publishing a failed attempt at once would make the logical
 * call a failure and drop its successful retry. So a failed attempt that the SDK would retry
 * (see {@link Exchange#retryable()}) is held for the grace period (plus the provider's
 * {@code Retry-After}): if a retry arrives, the failure is superseded and only counted on the
 * final attempt's event ({@code failed_attempts}); if none arrives, it is published as the
 * logical call's failed outcome. A success or a non-retryable failure is published at once.
 *
 * <p>Limits: the memory is per collector process, so attempts spread over several collectors by a
 * load balancer without client affinity are recorded as separate calls; a retry arriving after
 * its failure was already published starts a new logical call.
 */
final class RetryTracker implements AutoCloseable {

    /** Beyond this many open logical calls, new ones are not tracked (their retries count separately). */
    static final int MAX_OPEN = 100_000;
    private static final long MAX_RETRY_AFTER_MS = 60_000;

    private final Map<String, Logical> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final Duration grace;
    private final Consumer<Exchange> publish;

    RetryTracker(ScheduledExecutorService timer, Duration grace, Consumer<Exchange> publish) {
        this.timer = timer;
        this.grace = grace;
        this.publish = publish;
    }

    /** The identity of a request whose client retries on its own; see the class comment. */
    static String identity(String provider, String idempotencyKey, byte[] body, String... caller) {
        MessageDigest sha = sha256();
        sha.update(provider.getBytes(StandardCharsets.UTF_8));
        if (idempotencyKey != null) {
            sha.update((byte) 1);
            sha.update(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        }
        for (String part : caller) {
            sha.update((byte) 0);
            sha.update((part == null ? "" : part).getBytes(StandardCharsets.UTF_8));
        }
        sha.update((byte) 0);
        sha.update(body);
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Starts an attempt.
     *
     * @param identity   null when the caller does not retry on its own: a new call every time
     * @param retryCount the SDK's retry count (0 for a first attempt)
     */
    Attempt begin(String identity, int retryCount) {
        if (identity == null) {
            return new Attempt(newCallId(), retryCount, 0, null);
        }
        if (retryCount > 0) {
            Logical logical = open.get(identity);
            if (logical != null) {
                Integer failedBefore = logical.retry(retryCount);
                if (failedBefore != null) {
                    return new Attempt(logical.callId, retryCount, failedBefore, identity);
                }
            }
        }
        Logical fresh = new Logical(newCallId(), identity, retryCount);
        // An identical call still open keeps its place: its retries must find it, not this one.
        if (open.size() < MAX_OPEN) {
            open.putIfAbsent(identity, fresh);
        }
        return new Attempt(fresh.callId, retryCount, 0, identity);
    }

    /** Publishes a finished attempt now, or holds a retryable failure back for its retry. */
    void finish(Exchange exchange) {
        Attempt attempt = exchange.attempt();
        Logical logical = attempt.identity() == null ? null : open.get(attempt.identity());
        if (logical == null || !logical.callId.equals(attempt.callId())) {
            publish.accept(exchange);
            return;
        }
        if (logical.supersededBy(attempt)) {
            // The SDK gave up on this attempt (its own timeout) and retried while it was in flight.
            return;
        }
        if (exchange.failed() && exchange.retryable()) {
            long retryAfter = exchange.retryAfterMs() == null ? 0 : Math.min(MAX_RETRY_AFTER_MS, exchange.retryAfterMs());
            logical.hold(exchange, grace.toMillis() + retryAfter);
            return;
        }
        open.remove(attempt.identity(), logical);
        publish.accept(exchange);
    }

    /** Publishes every held failure now; no retry can arrive any more. */
    @Override
    public void close() {
        open.values().forEach(Logical::release);
        open.clear();
    }

    private static String newCallId() {
        return "proxy-" + UUID.randomUUID();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** One logical call: its id, how many attempts failed, and the failure held back, if any. */
    private final class Logical {

        private final String callId;
        private final String identity;
        private int latest;
        private int failed;
        private Exchange held;
        private ScheduledFuture<?> release;
        private boolean published;

        Logical(String callId, String identity, int attempt) {
            this.callId = callId;
            this.identity = identity;
            this.latest = attempt;
        }

        /** A retry arrived: supersede the held failure. Null when the call's outcome was already published. */
        synchronized Integer retry(int attempt) {
            if (published) {
                return null;
            }
            if (attempt > latest) {
                latest = attempt;
            }
            if (held != null) {
                release.cancel(false);
                held = null;
                failed++;
            }
            return failed;
        }

        synchronized boolean supersededBy(Attempt attempt) {
            return attempt.number() < latest;
        }

        synchronized void hold(Exchange exchange, long delayMs) {
            held = exchange;
            release = timer.schedule(this::release, delayMs, TimeUnit.MILLISECONDS);
        }

        void release() {
            Exchange exchange;
            synchronized (this) {
                if (held == null || published) {
                    return;
                }
                exchange = held;
                held = null;
                published = true;
            }
            open.remove(identity, this);
            publish.accept(exchange);
        }
    }
}
