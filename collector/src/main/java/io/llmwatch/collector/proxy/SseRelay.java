package io.llmwatch.collector.proxy;

import io.llmwatch.event.CallError;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.ReplyStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays one provider's event stream to the caller: each server-sent event is written and flushed as
 * soon as its blank line arrived, read into the API's {@link ReplyStream} on the way (the usage chunk
 * the proxy added is not passed on), and an idle watchdog breaks the stream off when the provider
 * sends nothing for its timeout. Runs on one proxy thread; the reply, the time to first token and
 * the failure, if any, are read afterwards.
 */
final class SseRelay {

    private static final Logger log = LoggerFactory.getLogger(SseRelay.class);
    private static final CallError CANCELLED =
            new CallError("cancelled", "the caller closed the connection before the stream ended");

    private final InputStream upstream;
    private final HttpHeaders headers;
    private final ChatRequest request;
    private final String provider;
    private final Duration timeout;
    private final long sentNanos;
    private final ScheduledExecutorService timer;
    private final ReplyStream accumulator;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean idleTimeout;
    private Double timeToFirstToken;
    private CallError failure;

    /**
     * @param timeout   the provider's timeout: the longest silence of a stream before it is broken off
     * @param sentNanos when the request was sent ({@link System#nanoTime()}), for the time to first token
     * @param timer     runs the idle watchdog
     */
    SseRelay(InputStream upstream, HttpHeaders headers, ChatRequest request, String provider, Duration timeout,
             long sentNanos, ScheduledExecutorService timer) {
        this.upstream = upstream;
        this.headers = headers;
        this.request = request;
        this.provider = provider;
        this.timeout = timeout;
        this.sentNanos = sentNanos;
        this.timer = timer;
        this.accumulator = request.api().stream();
    }

    /** Relays the stream to the caller, status and headers first; returns once it ended or broke off. */
    void run(HttpServletResponse res, int status) {
        long checkEvery = Math.max(20, Math.min(1000, timeout.toMillis() / 4));
        ScheduledFuture<?> watchdog = timer.scheduleAtFixedRate(this::checkIdle, checkEvery, checkEvery,
                TimeUnit.MILLISECONDS);
        OutputStream out;
        try {
            res.setStatus(status);
            Headers.copyResponse(headers, res);
            out = res.getOutputStream();
            res.flushBuffer();
        } catch (IOException | RuntimeException e) {
            watchdog.cancel(false);
            closeUpstream();
            failure = CANCELLED;
            return;
        }
        try (InputStream in = decoded(upstream)) {
            SseReader reader = new SseReader(in);
            SseReader.Event event;
            while ((event = reader.next()) != null) {
                lastActivity = System.nanoTime();
                boolean usageOnly = accumulator.accept(event.data());
                if (timeToFirstToken == null && accumulator.hasContent()) {
                    timeToFirstToken = ProxyEndpoint.millisSince(sentNanos);
                }
                if (usageOnly && request.stripUsageChunk()) {
                    continue;
                }
                if (!relay(out, event.raw())) {
                    failure = CANCELLED;
                    return;
                }
            }
        } catch (IOException e) {
            failure = idleTimeout
                    ? new CallError("timeout", "the provider sent nothing for " + timeout.toMillis() + " ms")
                    : new CallError("stream_interrupted", "the provider's stream broke off: "
                            + e.getClass().getSimpleName());
        } finally {
            watchdog.cancel(false);
        }
    }

    /** Writes and flushes one event; false when the caller went away (the upstream stream is then closed). */
    private boolean relay(OutputStream out, byte[] event) {
        try {
            out.write(event);
            out.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            log.debug("proxy {}: the caller closed the stream: {}", provider, e.toString());
            closeUpstream();
            return false;
        }
    }

    private InputStream decoded(InputStream in) throws IOException {
        boolean gzip = headers.firstValue("Content-Encoding")
                .map(v -> v.trim().equalsIgnoreCase("gzip")).orElse(false);
        return gzip ? new GZIPInputStream(in, 512) : in;
    }

    private void checkIdle() {
        if (System.nanoTime() - lastActivity > timeout.toNanos()) {
            idleTimeout = true;
            closeUpstream();
        }
    }

    private void closeUpstream() {
        try {
            upstream.close();
        } catch (IOException e) {
            log.debug("proxy {}: closing the provider's stream: {}", provider, e.toString());
        }
    }

    /** The answer as read from the events relayed. */
    ChatReply reply() {
        return accumulator.result();
    }

    /** Milliseconds from sending the request to the first content, null when none came. */
    Double timeToFirstToken() {
        return timeToFirstToken;
    }

    /** Why the stream ended early (caller gone, provider idle or broken off); null when it ended normally. */
    CallError failure() {
        return failure;
    }
}
