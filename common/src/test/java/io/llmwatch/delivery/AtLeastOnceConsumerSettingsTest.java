package io.llmwatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.config.GroupMember;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.TopicsConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AtLeastOnceConsumerSettingsTest {

    private static final KafkaClientSettings SECURED = new KafkaClientSettings("broker:9093",
            Map.of("security.protocol", "SASL_SSL", "session.timeout.ms", "30000"), TopicsConfig.DEFAULT);

    @Test
    void the_consumer_is_built_from_the_cluster_settings_on_top_of_its_own() {
        Map<String, Object> config = settings(Map.of("session.timeout.ms", 6_000, "heartbeat.interval.ms", 1_000),
                GroupMember.DYNAMIC).consumerConfig();

        assertThat(config).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("group.id", "group")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("max.poll.records", 10)
                .containsEntry("heartbeat.interval.ms", 1_000)
                // whoever sets a cluster property owns it
                .containsEntry("session.timeout.ms", "30000")
                .doesNotContainKey("group.instance.id");
    }

    @Test
    void a_static_member_joins_with_its_instance_id() {
        Map<String, Object> config = settings(Map.of(), new GroupMember("pod-1")).consumerConfig();

        assertThat(config).containsEntry("group.instance.id", "pod-1").containsEntry("security.protocol", "SASL_SSL");
    }

    private static AtLeastOnceConsumer.Settings settings(Map<String, Object> overrides, GroupMember member) {
        return new AtLeastOnceConsumer.Settings(SECURED, "group", "topic", 20, 10, Duration.ofSeconds(1), overrides,
                member);
    }
}
