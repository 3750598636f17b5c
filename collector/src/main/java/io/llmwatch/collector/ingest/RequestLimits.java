package io.llmwatch.collector.ingest;

import io.llmwatch.config.CollectorConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * What one request may cost the collector, besides its size ({@link CollectorOptions#maxBodyBytes()}).
 *
 * @param maxItems       events (or OTLP spans) per request; more is answered 413, before anything is published
 * @param maxDeadLetters rejected items of one request written to the DLQ one by one; the others are
 *                       summarised in one more dead letter, so a body of {@code [1,1,…]} cannot
 *                       flood the DLQ
 * @param readTimeout    how long reading a request body may stall before it is answered 408
 */
public record RequestLimits(int maxItems, int maxDeadLetters, Duration readTimeout) {

    public static final RequestLimits DEFAULT = from(CollectorConfig.DEFAULT);

    public RequestLimits {
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be at least 1, not " + maxItems);
        }
        if (maxDeadLetters < 0) {
            throw new IllegalArgumentException("maxDeadLetters must not be negative, not " + maxDeadLetters);
        }
        Objects.requireNonNull(readTimeout, "readTimeout");
    }

    public static RequestLimits from(CollectorConfig config) {
        return new RequestLimits(config.maxItemsPerRequest(), config.maxDeadLettersPerRequest(), config.readTimeout());
    }
}
