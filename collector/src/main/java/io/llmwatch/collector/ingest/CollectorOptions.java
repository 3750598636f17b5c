package io.llmwatch.collector.ingest;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.collector.proxy.ProxyOptions;
import io.llmwatch.redact.RedactionConfig;
import io.llmwatch.validate.EventTimeWindow;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link CollectorServer} listens and publishes.
 *
 * @param host             the address to listen on: {@value #DEFAULT_HOST} unless the collector is
 *                         meant to be reached from other machines ({@code --bind})
 * @param port             HTTP port; 0 picks a free one ({@link CollectorServer#start()} returns it)
 * @param kafka            the Kafka cluster and its client settings
 * @param maxBodyBytes     largest accepted request body; larger ones are answered 413
 * @param sendTimeout      how long a request waits for Kafka to acknowledge all of its records
 *                         before it is answered 503; also bounds the producer's own delivery timeout
 * @param apiKeys          keys required on the ingest endpoints and the proxy; {@link ApiKeys#disabled()}
 *                         lets everyone in (the server then warns at start)
 * @param redaction        masking and content dropping applied before anything is published
 * @param proxy            providers and labels of the recording proxy
 * @param eventTimes       the event times accepted ({@code pipeline.max_event_age}, {@code pipeline.max_future_skew})
 * @param limits           items, dead letters and read timeout per request
 * @param otlpGrpcPort     port of OTLP/gRPC ({@code TraceService/Export}) on the same host, 0 picks a free
 *                         one; null = not served (the convention is 4317)
 */
public record CollectorOptions(String host, int port, KafkaClientSettings kafka, long maxBodyBytes, Duration sendTimeout,
                               ApiKeys apiKeys, RedactionConfig redaction, ProxyOptions proxy,
                               EventTimeWindow eventTimes, RequestLimits limits, Integer otlpGrpcPort) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);

    public CollectorOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required (" + DEFAULT_HOST + " for this machine only)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        Objects.requireNonNull(kafka, "kafka");
        // The body is read into one array, so it must fit one.
        if (maxBodyBytes <= 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 and " + (Integer.MAX_VALUE - 8));
        }
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (sendTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("sendTimeout must be at least 100 ms, not " + sendTimeout);
        }
        Objects.requireNonNull(apiKeys, "apiKeys (use ApiKeys.disabled() to switch auth off)");
        Objects.requireNonNull(redaction, "redaction");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(eventTimes, "eventTimes");
        Objects.requireNonNull(limits, "limits");
        if (otlpGrpcPort != null && (otlpGrpcPort < 0 || otlpGrpcPort > 65_535)) {
            throw new IllegalArgumentException("otlpGrpcPort must be between 0 and 65535, not " + otlpGrpcPort);
        }
    }

    /**
     * Options from 127.0.0.1 port 8080, 1 MiB bodies, 10 s send timeout, built-in redaction, no proxy
     * providers, the default event time window and request limits, no OTLP/gRPC, and no API key required: a
     * deployment sets keys with {@link Builder#apiKeys} ({@code llmwatch run} always does).
     */
    public static Builder builder(KafkaClientSettings kafka) {
        return new Builder(kafka);
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        return new Builder(kafka).host(host).port(port).maxBodyBytes(maxBodyBytes).sendTimeout(sendTimeout)
                .apiKeys(apiKeys).redaction(redaction).proxy(proxy).eventTimes(eventTimes).limits(limits)
                .otlpGrpcPort(otlpGrpcPort);
    }

    /** Builds {@link CollectorOptions}; each setting starts at its default (see {@link #builder}). */
    public static final class Builder {

        private final KafkaClientSettings kafka;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
        private ApiKeys apiKeys = ApiKeys.disabled();
        private RedactionConfig redaction = RedactionConfig.NONE;
        private ProxyOptions proxy = ProxyOptions.defaults();
        private EventTimeWindow eventTimes = EventTimeWindow.DEFAULT;
        private RequestLimits limits = RequestLimits.DEFAULT;
        private Integer otlpGrpcPort;

        private Builder(KafkaClientSettings kafka) {
            this.kafka = kafka;
        }

        public Builder host(String value) {
            this.host = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder maxBodyBytes(long value) {
            this.maxBodyBytes = value;
            return this;
        }

        public Builder sendTimeout(Duration value) {
            this.sendTimeout = value;
            return this;
        }

        public Builder apiKeys(ApiKeys value) {
            this.apiKeys = value;
            return this;
        }

        public Builder redaction(RedactionConfig value) {
            this.redaction = value;
            return this;
        }

        public Builder proxy(ProxyOptions value) {
            this.proxy = value;
            return this;
        }

        public Builder eventTimes(EventTimeWindow value) {
            this.eventTimes = value;
            return this;
        }

        public Builder limits(RequestLimits value) {
            this.limits = value;
            return this;
        }

        /** The OTLP/gRPC port (0 picks a free one); null, the default, serves no gRPC. */
        public Builder otlpGrpcPort(Integer value) {
            this.otlpGrpcPort = value;
            return this;
        }

        /** @throws IllegalArgumentException when a setting is out of range */
        public CollectorOptions build() {
            return new CollectorOptions(host, port, kafka, maxBodyBytes, sendTimeout, apiKeys, redaction, proxy,
                    eventTimes, limits, otlpGrpcPort);
        }
    }
}
