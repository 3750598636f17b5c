package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.ValidationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTest {

    private static final Map<String, String> ENV = Map.of("KAFKA_PASSWORD", "s3cret", "LLMWATCH_BOOTSTRAP_SERVERS", "env:9092");

    @TempDir
    Path dir;

    @Test
    void theKafkaMapExpandsVariablesAndTheFileWins() throws Exception {
        LlmwatchConfig config = yaml("""
                kafka:
                  security.protocol: SASL_SSL
                  sasl.mechanism: PLAIN
                  sasl.jaas.config: 'PlainLoginModule required username="u" password="${KAFKA_PASSWORD}";'
                  linger.ms: 20
                """);
        Path file = Files.writeString(dir.resolve("client.properties"), "linger.ms=50\nbootstrap.servers=file:9092\n");

        KafkaClientSettings settings = KafkaClientSettings.resolve(null, file, config, Map.of("KAFKA_PASSWORD", "s3cret")::get, "default:9092");

        assertThat(settings.bootstrapServers()).isEqualTo("file:9092");
        assertThat(settings.properties()).containsEntry("linger.ms", "50")
                .containsEntry("sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"s3cret\";")
                .doesNotContainKey("bootstrap.servers");
    }

    @Test
    void theBootstrapOptionWinsOverTheEnvironmentWhichWinsOverTheProperties() {
        LlmwatchConfig config = yaml("kafka: {bootstrap.servers: 'yaml:9092'}");

        assertThat(KafkaClientSettings.resolve("option:9092", null, config, ENV::get, null).bootstrapServers())
                .isEqualTo("option:9092");
        assertThat(KafkaClientSettings.resolve(null, null, config, ENV::get, null).bootstrapServers()).isEqualTo("env:9092");
        assertThat(KafkaClientSettings.resolve(null, null, config, name -> null, null).bootstrapServers()).isEqualTo("yaml:9092");
        assertThat(KafkaClientSettings.resolve(null, null, LlmwatchConfig.empty(), name -> null, null)).isNull();
    }

    @Test
    void anUnsetVariableIsAnErrorNamingItAndTheProperty() {
        LlmwatchConfig config = yaml("kafka: {sasl.jaas.config: 'password=\"${NOT_SET}\"'}");

        assertThatThrownBy(() -> KafkaClientSettings.resolve("b:9092", null, config, name -> null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NOT_SET").hasMessageContaining("sasl.jaas.config");
    }

    @Test
    void kafkasOwnConfigProvidersAreLeftAlone() {
        LlmwatchConfig config = yaml("kafka: {sasl.jaas.config: 'password=\"${env:KAFKA_PASSWORD}\"'}");

        assertThat(KafkaClientSettings.resolve("b:9092", null, config, ENV::get, null).properties())
                .containsEntry("sasl.jaas.config", "password=\"${env:KAFKA_PASSWORD}\"");
    }

    @Test
    void secretsNeverShowInToString() {
        KafkaClientSettings settings = new KafkaClientSettings("b:9092", Map.of("security.protocol", "SASL_SSL",
                "sasl.jaas.config", "password=\"s3cret\"", "ssl.keystore.password", "ks3cret"), null);

        assertThat(settings.toString()).contains("b:9092", "security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]")
                .doesNotContain("s3cret");
    }

    @Test
    void everyClientGetsTheSameSettingsOnTopOfItsOwn() {
        KafkaClientSettings settings = new KafkaClientSettings("b:9092", Map.of("security.protocol", "SASL_SSL"),
                new TopicsConfig("prod.", (short) 3, null));

        assertThat(settings.clientConfig(Map.of("acks", "all"))).containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("acks", "all");
        Properties streams = settings.streamsConfig("llmwatch-scorer", new Properties());
        assertThat(streams).containsEntry("application.id", "prod.llmwatch-scorer").containsEntry("replication.factor", 3)
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(settings.applicationId("llmwatch-replay")).isEqualTo("prod.llmwatch-replay");
    }

    @Test
    void theTopicPrefixNamesEveryTopic() {
        try {
            Topic.usePrefix("staging.");
            assertThat(Topics.CALLS.name()).isEqualTo("staging.llmwatch.calls");
        } finally {
            Topic.usePrefix("");
        }
        assertThat(Topics.CALLS.name()).isEqualTo("llmwatch.calls");
    }

    @Test
    void anIllegalPrefixIsRefused() {
        assertThatThrownBy(() -> yaml("topics: {prefix: 'a b', replication_factor: 0}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("topics.prefix").hasMessageContaining("topics.replication_factor");
    }

    private static LlmwatchConfig yaml(String text) {
        return LlmwatchConfig.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }
}
