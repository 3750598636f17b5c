package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmwatch.redact.RedactionConfig;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorConfigTest {

    @Test
    void readsKeysLabelsAndRedaction() {
        LlmwatchConfig config = read("""
                collector:
                  api_keys: [key-one, key-two]
                  default_app: gateway
                  default_task: misc
                  redaction:
                    patterns: ['ACME-\\d{4}']
                    apps:
                      billing: {patterns: ['ORD-\\d{6}']}
                      hr: {drop_content: true}
                      quiet:
                """);

        CollectorConfig collector = config.collector();
        assertThat(collector.apiKeys()).containsExactly("key-one", "key-two");
        assertThat(collector.defaultApp()).isEqualTo("gateway");
        assertThat(collector.defaultTask()).isEqualTo("misc");
        assertThat(collector.redaction().patterns()).containsExactly("ACME-\\d{4}");
        assertThat(collector.redaction().forApp("billing").patterns()).containsExactly("ORD-\\d{6}");
        assertThat(collector.redaction().forApp("billing").dropContent()).isFalse();
        assertThat(collector.redaction().forApp("hr").dropContent()).isTrue();
        assertThat(collector.redaction().forApp("quiet")).isEqualTo(RedactionConfig.AppRedaction.NONE);
        assertThat(collector.redaction().forApp("other")).isEqualTo(RedactionConfig.AppRedaction.NONE);
    }

    @Test
    void otlpGrpcIsServedOnlyWhenAPortIsGivenAndTheProviderApisAreRead() {
        LlmwatchConfig config = read("""
                collector:
                  otlp_grpc_port: 4317
                providers:
                  anthropic: {base_url: 'https://api.anthropic.com/v1', apis: [anthropic_messages]}
                """);

        assertThat(config.collector().otlpGrpcPort()).isEqualTo(4317);
        assertThat(config.providers().get("anthropic").apis()).containsExactly("anthropic_messages");
        assertThat(LlmwatchConfig.empty().collector().otlpGrpcPort()).isNull();
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> read("""
                collector:
                  otlp_grpc_port: 70000
                """));
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("collector.otlp_grpc_port");
    }

    @Test
    void absentMeansNoKeysAndTheDefaultLabels() {
        CollectorConfig collector = LlmwatchConfig.empty().collector();

        assertThat(collector.apiKeys()).isEmpty();
        assertThat(collector.defaultApp()).isEqualTo(CollectorConfig.DEFAULT_APP);
        assertThat(collector.defaultTask()).isEqualTo(CollectorConfig.DEFAULT_TASK);
        assertThat(collector.redaction()).isEqualTo(RedactionConfig.NONE);
    }

    @Test
    void badPatternsAndEmptyKeysAreNamed() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> read("""
                collector:
                  api_keys: ['']
                  default_app: a/b
                  redaction:
                    patterns: ['(unclosed', '.*']
                    apps:
                      billing: {patterns: ['[']}
                """));

        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "collector.api_keys", "collector.default_app", "collector.redaction.patterns[0]",
                "collector.redaction.patterns[1]", "collector.redaction.apps.billing.patterns[0]");
    }

    @Test
    void theFiveArgumentConstructorKeepsTheCollectorDefaults() {
        LlmwatchConfig config = LlmwatchConfig.empty();

        assertThat(config.collector()).isEqualTo(CollectorConfig.DEFAULT);
        assertThat(config).isEqualTo(LlmwatchConfig.empty());
    }

    private static LlmwatchConfig read(String yaml) {
        return LlmwatchConfig.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }
}
