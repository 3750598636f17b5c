package io.llmwatch.scorer.replay;

import io.llmwatch.config.GroupMember;
import io.llmwatch.config.KafkaClientSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How a {@link ReplayWorker} runs.
 *
 * @param kafka            the cluster and its client settings, applied on top of the worker's own
 *                         settings of each of its clients ({@link KafkaClientSettings#clientConfig})
 * @param groupId          consumer group; instances of one group share the requests
 * @param maxInFlight      replay requests being worked on at most (each replays all its targets);
 *                         beyond it the worker pauses its partitions
 * @param shutdownTimeout  how long {@link ReplayWorker#close()} waits for requests in flight
 * @param revokeTimeout    how long a rebalance waits for the requests in flight of the partitions it
 *                         takes away, so that their results are committed and not replayed again
 * @param clientOverrides  settings of the worker's own on top of its defaults, for both the consumers
 *                         and the producer (tests: a short {@code max.block.ms}); the cluster's win
 * @param member           how the consumer joins its group (static membership: a restarted worker takes its
 *                         partitions back at once)
 */
public record ReplayWorkerSettings(KafkaClientSettings kafka, String groupId, int maxInFlight, Duration shutdownTimeout,
                                   Duration revokeTimeout, Map<String, Object> clientOverrides, GroupMember member) {

    public static final String DEFAULT_GROUP = "llmwatch-replay";

    public ReplayWorkerSettings {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1");
        }
        clientOverrides = clientOverrides == null ? Map.of() : Map.copyOf(clientOverrides);
        member = member == null ? GroupMember.DYNAMIC : member;
    }

    /** With dynamic membership. */
    public ReplayWorkerSettings(KafkaClientSettings kafka, String groupId, int maxInFlight, Duration shutdownTimeout,
                                Duration revokeTimeout, Map<String, Object> clientOverrides) {
        this(kafka, groupId, maxInFlight, shutdownTimeout, revokeTimeout, clientOverrides, GroupMember.DYNAMIC);
    }

    /**
     * Group {@value #DEFAULT_GROUP} (with the application-id prefix), 64 requests in flight, 30 s to
     * shut down, 10 s per rebalance, no overrides of the worker's own.
     */
    public static ReplayWorkerSettings defaults(KafkaClientSettings kafka) {
        return new ReplayWorkerSettings(kafka, kafka.applicationId(DEFAULT_GROUP), 64,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Map.of());
    }

    public ReplayWorkerSettings withMaxInFlight(int value) {
        return new ReplayWorkerSettings(kafka, groupId, value, shutdownTimeout, revokeTimeout, clientOverrides, member);
    }

    public ReplayWorkerSettings withGroupId(String value) {
        return new ReplayWorkerSettings(kafka, value, maxInFlight, shutdownTimeout, revokeTimeout, clientOverrides, member);
    }

    public ReplayWorkerSettings withClientOverrides(Map<String, Object> value) {
        return new ReplayWorkerSettings(kafka, groupId, maxInFlight, shutdownTimeout, revokeTimeout, value, member);
    }

    public ReplayWorkerSettings withMember(GroupMember value) {
        return new ReplayWorkerSettings(kafka, groupId, maxInFlight, shutdownTimeout, revokeTimeout, clientOverrides, value);
    }

    /** A client's configuration: {@code own} settings, the overrides, then the cluster's client settings. */
    Map<String, Object> clientConfig(Map<String, Object> own) {
        Map<String, Object> all = new HashMap<>(own);
        all.putAll(clientOverrides);
        return kafka.clientConfig(all);
    }

    /** Records fetched per poll: a quarter of the in-flight bound, so one poll never overshoots it. */
    int maxPollRecords() {
        return Math.max(1, maxInFlight / 4);
    }
}
