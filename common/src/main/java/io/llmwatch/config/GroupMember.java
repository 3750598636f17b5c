package io.llmwatch.config;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How this process's consumers join their consumer groups (the scorer's and drift detector's Streams
 * applications, the replay worker, the webhook delivery).
 *
 * <p>Dynamic by default: a process that dies without leaving its group (SIGKILL, OOM, a lost node)
 * holds its partitions until its session expires ({@code session.timeout.ms}, 45 s), even when it is
 * restarted at once, because the restarted process joins as a new member. With an instance id, each
 * member is <em>static</em> (KIP-345, {@code group.instance.id}): a restarted process that presents
 * the same id takes its predecessor's place and partitions at once, without waiting for the session
 * and without a rebalance of the others. Ids must be unique per process within a group and stable
 * across its restarts (a pod name of a StatefulSet, a host name); the same id serves every group of a
 * process, and Kafka Streams appends each stream thread's index. See docs/production.md.
 *
 * @param instanceId this process's stable id, or null for dynamic membership
 */
public record GroupMember(String instanceId) {

    /** Dynamic membership: no {@code group.instance.id}. */
    public static final GroupMember DYNAMIC = new GroupMember(null);

    public GroupMember {
        if (instanceId != null && instanceId.isBlank()) {
            instanceId = null;
        }
    }

    public boolean isStatic() {
        return instanceId != null;
    }

    /** Settings of a plain consumer of a group: {@code group.instance.id} when static, else none. */
    public Map<String, Object> consumerConfig() {
        return isStatic() ? Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId) : Map.of();
    }

    /**
     * Settings of a Kafka Streams application: the id on its main consumers only (the restore and
     * global consumers belong to no group); Streams suffixes it with each thread's index.
     */
    public Properties streamsConfig() {
        Properties props = new Properties();
        if (isStatic()) {
            props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
        }
        return props;
    }
}
