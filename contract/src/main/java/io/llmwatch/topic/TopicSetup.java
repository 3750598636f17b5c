package io.llmwatch.topic;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates llmwatch's topics with their configs where they do not exist yet; existing ones are left
 * as they are. Returns once the broker serves them, every partition with its leader and that leader's replica: a topic the controller has created can take a
 * moment to reach the broker's metadata, and a client using it at once would be told it does not exist.
 */
public final class TopicSetup {

    private static final Duration SERVED_TIMEOUT = Duration.ofSeconds(30);

    private TopicSetup() {
    }

    /**
     * @param adminConfig       the Admin client's config ({@code KafkaClientSettings.adminConfig()} on the servers)
     * @param replicationFactor empty = the broker's {@code default.replication.factor}
     */
    public static void ensure(Map<String, Object> adminConfig, Collection<Topic<?, ?>> topics, int partitions,
                              Optional<Short> replicationFactor) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        List<NewTopic> newTopics = topics.stream()
                .map(topic -> new NewTopic(topic.name(), Optional.of(partitions), replicationFactor).configs(topic.configs()))
                .toList();
        try (Admin admin = Admin.create(adminConfig)) {
            for (var result : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    result.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + result.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            awaitServed(admin, newTopics.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    private static void awaitServed(Admin admin, List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + SERVED_TIMEOUT.toNanos();
        while (true) {
            try {
                // Described is not enough: a producer that writes before a partition has its leader gets
                // NOT_LEADER_OR_FOLLOWER, and the idempotent producer of Kafka 4.1 can then loop on
                // OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (seen in the fault suite).
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
                boolean led = described.values().stream()
                        .flatMap(description -> description.partitions().stream())
                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                if (led) {
                    awaitReplicas(admin, described);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topics " + names + " have partitions without a leader after "
                            + SERVED_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(50);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topics " + names + " are not served: " + e.getCause().getMessage(),
                            e.getCause());
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * The metadata can name the leader before the leader's replica manager has the partition; a first
     * batch sent then fails with NOT_LEADER_OR_FOLLOWER (seen in the bench's {@code ChildJvmsTest}: 5 of
     * 2,000 calls lost). Listing the partitions' offsets takes the same path in the broker, and the admin
     * client retries it until the partition is there.
     */
    private static void awaitReplicas(Admin admin, Map<String, TopicDescription> described)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        described.forEach((name, description) -> description.partitions()
                .forEach(partition -> partitions.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest())));
        admin.listOffsets(partitions).all().get();
    }
}
