package io.llmwatch.scorer.replay;

import io.llmwatch.config.GroupMember;
import io.llmwatch.config.KafkaClientSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How a {@link ReplayWorker} runs.
 *
 * @param bootstrapServers Kafka
 * @param groupId          consumer group; instances of one group share the requests
 * @param maxInFlight      replay requests being worked on at most (each replays all its targets);
 *                         beyond it the worker pauses its partitions
 * @param shutdownTimeout  how long {@link ReplayWorker#close()} waits for requests in flight
 * @param revokeTimeout    how long a rebalance waits for the requests in flight of the partitions it
 *                         takes away, so that their results are committed and not replayed again
 * @param clientOverrides  Kafka client settings applied on top of the worker's, to both the consumer
 *                         and the producer (e.g. {@code security.protocol})
 * @param member           how the consumer joins its group (static membership: a restarted worker takes its
 *                         partitions back at once)
 */
public record ReplayWorkerSettings(String bootstrapServers, String groupId, int maxInFlight, Duration shutdownTimeout,
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
    public ReplayWorkerSettings(String bootstrapServers, String groupId, int maxInFlight, Duration shutdownTimeout,
                                Duration revokeTimeout, Map<String, Object> clientOverrides) {
        this(bootstrapServers, groupId, maxInFlight, shutdownTimeout, revokeTimeout, clientOverrides, GroupMember.DYNAMIC);
    }

    /**
     * Group {@value #DEFAULT_GROUP} (with the application-id prefix), 64 requests in flight, 30 s to
     * shut down, 10 s per rebalance; the cluster's client properties as the overrides.
     */
    public static ReplayWorkerSettings defaults(KafkaClientSettings kafka) {
        return new ReplayWorkerSettings(kafka.bootstrapServers(), kafka.applicationId(DEFAULT_GROUP), 64,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Map.copyOf(kafka.properties()));
    }

    public ReplayWorkerSettings withMaxInFlight(int value) {
        return new ReplayWorkerSettings(bootstrapServers, groupId, value, shutdownTimeout, revokeTimeout, clientOverrides, member);
    }

    public ReplayWorkerSettings withGroupId(String value) {
        return new ReplayWorkerSettings(bootstrapServers, value, maxInFlight, shutdownTimeout, revokeTimeout, clientOverrides,
                member);
    }

    public ReplayWorkerSettings withClientOverrides(Map<String, Object> value) {
        return new ReplayWorkerSettings(bootstrapServers, groupId, maxInFlight, shutdownTimeout, revokeTimeout, value,
                member);
    }

    public ReplayWorkerSettings withMember(GroupMember value) {
        return new ReplayWorkerSettings(bootstrapServers, groupId, maxInFlight, shutdownTimeout, revokeTimeout,
                clientOverrides, value);
    }

    /** The consumer's settings on top of its defaults: the overrides, and the group membership. */
    Map<String, Object> consumerOverrides() {
        Map<String, Object> all = new HashMap<>(clientOverrides);
        all.putAll(member.consumerConfig());
        return all;
    }

    /** Records fetched per poll: a quarter of the in-flight bound, so one poll never overshoots it. */
    int maxPollRecords() {
        return Math.max(1, maxInFlight / 4);
    }
}
