package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class GroupMemberTest {

    @Test
    void anIdMakesEveryConsumerOfTheProcessAStaticMember() {
        GroupMember member = new GroupMember("scorer-0");

        assertThat(member.isStatic()).isTrue();
        assertThat(member.consumerConfig()).isEqualTo(Map.of("group.instance.id", "scorer-0"));
        // only on the main consumers of a Streams application: restore and global consumers have no group
        assertThat(member.streamsConfig()).containsExactly(Map.entry("main.consumer.group.instance.id", "scorer-0"));
        assertThat(new StreamsConfig(withRequired(member)).getMainConsumerConfigs("app", "client", 2))
                .containsEntry("group.instance.id", "scorer-0-2");
    }

    @Test
    void noIdOrABlankOneIsDynamicMembership() {
        for (GroupMember member : new GroupMember[] {GroupMember.DYNAMIC, new GroupMember(null), new GroupMember("  ")}) {
            assertThat(member.isStatic()).isFalse();
            assertThat(member.consumerConfig()).isEmpty();
            assertThat(member.streamsConfig()).isEmpty();
        }
    }

    private static java.util.Properties withRequired(GroupMember member) {
        java.util.Properties props = member.streamsConfig();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        return props;
    }
}
