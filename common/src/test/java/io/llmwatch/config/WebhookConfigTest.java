package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Severity;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code webhooks} section of {@code llmwatch.yaml}. */
class WebhookConfigTest {

    @Test
    void readsWebhooksByNameWithDefaultsForWhatIsLeftOut() {
        LlmwatchConfig config = read("""
                webhooks:
                  ops:
                    url: https://hooks.example.com/llmwatch
                  support-slack:
                    url_env: SUPPORT_SLACK_WEBHOOK_URL
                    format: slack
                    app: support
                    min_severity: warning
                    max_attempts: 3
                    initial_backoff: 2s
                    timeout: 5s
                    queue_capacity: 50
                    headers_env:
                      Authorization: SUPPORT_WEBHOOK_AUTH
                """);

        assertThat(config.webhooks()).containsOnlyKeys("ops", "support-slack");
        assertThat(config.webhooks().get("ops")).isEqualTo(WebhookConfig.to("https://hooks.example.com/llmwatch", null));
        WebhookConfig ops = config.webhooks().get("ops");
        assertThat(ops.format()).isEqualTo(WebhookConfig.Format.GENERIC);
        assertThat(ops.minSeverity()).isEqualTo(Severity.INFO);
        assertThat(ops.maxAttempts()).isEqualTo(5);
        assertThat(ops.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(ops.queueCapacity()).isEqualTo(1000);
        assertThat(config.webhooks().get("support-slack")).isEqualTo(new WebhookConfig(null, "SUPPORT_SLACK_WEBHOOK_URL",
                WebhookConfig.Format.SLACK, "support", Severity.WARNING, 3, Duration.ofSeconds(2), Duration.ofSeconds(5), 50,
                Map.of("Authorization", "SUPPORT_WEBHOOK_AUTH")));
        assertThat(LlmwatchConfig.empty().webhooks()).isEmpty();
    }

    @Test
    void badValuesAreNamedWithTheirPath() {
        List<FieldError> errors = errorsOf("""
                webhooks:
                  none:
                    format: slack
                  both:
                    url: https://a.example.com
                    url_env: HOOK_URL
                  ftp:
                    url: ftp://files.example.com/alerts
                    max_attempts: 0
                    queue_capacity: 0
                  secret-in-place:
                    url: http://127.0.0.1:9000/hook
                    headers_env:
                      Authorization: Bearer abc123
                """);

        assertThat(errors).extracting(FieldError::toString).containsExactlyInAnyOrder(
                "webhooks.none.url is required (or url_env, naming the environment variable that holds it)",
                "webhooks.both.url must not be set together with url_env",
                "webhooks.ftp.url must be an http:// or https:// URL",
                "webhooks.ftp.max_attempts must be >= 1",
                "webhooks.ftp.queue_capacity must be >= 1",
                "webhooks.secret-in-place.headers_env.Authorization must name an environment variable holding the value, not hold the value");
        assertThat(errors).extracting(FieldError::toString).noneMatch(error -> error.contains("abc123"));
    }

    @Test
    void anUnknownFormatIsNamed() {
        assertThat(errorsOf("webhooks:\n  x:\n    url: https://a.example.com\n    format: teams\n"))
                .extracting(FieldError::field).containsExactly("webhooks.x.format");
    }

    @Test
    void acceptsAlertsOfItsAppAtOrAboveItsSeverity() {
        WebhookConfig support = new WebhookConfig("https://a.example.com", null, null, "support", Severity.WARNING,
                null, null, null, null, null);
        WebhookConfig everything = WebhookConfig.to("https://a.example.com", WebhookConfig.Format.SLACK);

        assertThat(support.accepts(alert("support", Severity.WARNING))).isTrue();
        assertThat(support.accepts(alert("support", Severity.CRITICAL))).isTrue();
        assertThat(support.accepts(alert("support", Severity.INFO))).isFalse();
        assertThat(support.accepts(alert("billing", Severity.CRITICAL))).isFalse();
        assertThat(everything.accepts(alert("billing", Severity.INFO))).isTrue();
    }

    private static DriftAlert alert(String app, Severity severity) {
        return new DriftAlert(null, "a1", AlertType.COST_DRIFT, severity, app, "summarize", "gpt-4.1", Instant.EPOCH, null,
                "cost went up", null, "COST_DRIFT/" + app, AlertStatus.FIRING);
    }

    private static LlmwatchConfig read(String yaml) {
        return LlmwatchConfig.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static List<FieldError> errorsOf(String yaml) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> read(yaml));
        assertThat(e).as("expected rejection of:%n%s", yaml).isNotNull();
        return e.errors();
    }
}
