package io.llmwatch.scorer.replay;

import io.llmwatch.config.KafkaClientSettings;
import java.time.Duration;
import java.util.Map;

/**
 * How a {@link ReplayWorker} runs.
 *
 * @param kafka            the cluster and its client properties, for the consumer and the producer
 * @param groupId          consumer group; instances of one group share the requests
 * @param maxInFlight      replay requests being worked on at most (each replays all its targets);
 *                         beyond it the worker pauses its partitions
 * @param shutdownTimeout  how long {@link ReplayWorker#close()} waits for requests in flight
 * @param revokeTimeout    how long a rebalance waits for the requests in flight of the partitions it
 *                         takes away, so that their results are committed and not replayed again
 */
public record ReplayWorkerSettings(KafkaClientSettings kafka, String groupId, int maxInFlight, Duration shutdownTimeout,
                                   Duration revokeTimeout) {

    public static final String DEFAULT_GROUP = "llmwatch-replay";

    public ReplayWorkerSettings {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1");
        }
    }

    /**
     * Group {@value #DEFAULT_GROUP} (with the application-id prefix), 64 requests in flight, 30 s to
     * shut down, 10 s per rebalance.
     */
    public static ReplayWorkerSettings defaults(KafkaClientSettings kafka) {
        return new ReplayWorkerSettings(kafka, kafka.applicationId(DEFAULT_GROUP), 64, Duration.ofSeconds(30),
                Duration.ofSeconds(10));
    }

    public ReplayWorkerSettings withMaxInFlight(int value) {
        return new ReplayWorkerSettings(kafka, groupId, value, shutdownTimeout, revokeTimeout);
    }

    public ReplayWorkerSettings withGroupId(String value) {
        return new ReplayWorkerSettings(kafka, value, maxInFlight, shutdownTimeout, revokeTimeout);
    }

    /** With Kafka client settings on top of the cluster's, for both the consumer and the producer. */
    public ReplayWorkerSettings withClientOverrides(Map<String, ?> value) {
        return new ReplayWorkerSettings(kafka.withProperties(value), groupId, maxInFlight, shutdownTimeout, revokeTimeout);
    }

    /** Records fetched per poll: a quarter of the in-flight bound, so one poll never overshoots it. */
    int maxPollRecords() {
        return Math.max(1, maxInFlight / 4);
    }
}
