package io.llmwatch.collector.proxy;

import io.llmwatch.event.LlmCall;
import java.util.concurrent.CompletionStage;

/**
 * Where recorded calls go: {@code llmwatch.calls}, keyed by {@code call_id}. The sink redacts what it
 * publishes (the collector's is the SDK, built with {@code collector.redaction}).
 */
@FunctionalInterface
public interface CallSink {

    /**
     * Hands the call over without waiting for the broker.
     *
     * @return completes when the broker acknowledged the call or a durable recorder (the SDK and its
     *         disk spool) took it over, or exceptionally when neither did
     */
    CompletionStage<?> publish(LlmCall call);
}
