package io.llmwatch.config;

import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code topics:} section of {@code llmwatch.yaml}: how llmwatch names and replicates what it
 * creates on the cluster, so that two installations can share one cluster.
 *
 * <pre>
 * topics:
 *   prefix: prod.                  # llmwatch.calls becomes prod.llmwatch.calls
 *   replication_factor: 3          # topics llmwatch creates, and Kafka Streams' internal topics
 *   application_id_prefix: prod-   # Streams application ids, consumer groups, transactional ids
 * </pre>
 *
 * @param prefix              put before every llmwatch topic name (default none)
 * @param replicationFactor   replicas of the topics llmwatch creates; null = the broker's
 *                            {@code default.replication.factor}
 * @param applicationIdPrefix put before every Streams application id and consumer group id, and
 *                            so before Streams' internal topics and transactional ids; null = {@code prefix}
 */
public record TopicsConfig(String prefix, Short replicationFactor, String applicationIdPrefix) {

    public static final TopicsConfig DEFAULT = new TopicsConfig(null, null, null);

    /** Kafka's own rule for topic names (and so for the prefixes of names derived from these). */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

    public TopicsConfig {
        prefix = prefix == null ? "" : prefix;
        applicationIdPrefix = applicationIdPrefix == null ? prefix : applicationIdPrefix;
    }

    /** Empty when the broker's default applies. */
    public Optional<Short> replication() {
        return Optional.ofNullable(replicationFactor);
    }

    /** Field errors, each prefixed with {@code path} (e.g. {@code topics}). */
    public List<FieldError> validate(String path) {
        return new Checks()
                .check(LEGAL.matcher(prefix).matches(), path + ".prefix", "may contain only a-z A-Z 0-9 . _ -")
                .check(LEGAL.matcher(applicationIdPrefix).matches(), path + ".application_id_prefix",
                        "may contain only a-z A-Z 0-9 . _ -")
                .check(replicationFactor == null || replicationFactor >= 1, path + ".replication_factor", "must be >= 1")
                .errors();
    }
}
