package io.llmwatch.collector.proxy;

import io.llmwatch.event.CallError;
import io.llmwatch.openai.ChatReply;
import java.time.Instant;

/**
 * One proxied attempt as it happened, kept raw so that turning it into an {@code LlmCall} (parsing,
 * decompressing, redacting) happens off the caller's path.
 *
 * @param attempt            the attempt and its logical call
 * @param timestamp          when the caller's request arrived
 * @param provider           the provider name of the proxy path
 * @param labels             app, task, trace and session
 * @param request            the caller's request
 * @param status             the status the caller got
 * @param body               the response body of a non-streamed call, as the provider sent it; null for a stream
 * @param gzipBody           {@code body} is gzip-encoded
 * @param streamed           what a stream carried; null for a non-streamed call
 * @param latencyMs          from sending upstream to the last byte received
 * @param timeToFirstTokenMs from sending upstream to the first text, refusal or tool-call piece of a stream
 * @param failure            a failure the proxy saw itself (timeout, unreachable, broken stream), or null
 * @param retryAfterMs       how long the provider asked to wait before a retry, or null
 * @param shouldRetry        the provider's {@code x-should-retry} verdict, or null
 */
record Exchange(Attempt attempt, Instant timestamp, String provider, Labels labels, ChatRequest request, int status,
                byte[] body, boolean gzipBody, ChatReply streamed, Double latencyMs, Double timeToFirstTokenMs,
                CallError failure, Long retryAfterMs, Boolean shouldRetry) {

    /**
     * Whether a retrying SDK would try this attempt again, as the OpenAI SDKs decide: the provider's
     * {@code x-should-retry} when it sends one, else 408, 409, 429, 5xx and connection failures.
     */
    boolean retryable() {
        if (shouldRetry != null) {
            return shouldRetry;
        }
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    boolean failed() {
        return failure != null || status >= 400 || (streamed != null && streamed.error() != null);
    }
}
