package io.llmwatch.drift.sink;

import static io.llmwatch.drift.sink.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.llmwatch.config.WebhookConfig;
import io.llmwatch.config.WebhookConfig.Format;
import io.llmwatch.event.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each alert goes to the webhooks whose app filter and minimum severity accept it. */
class AlertSinksTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void routesEachAlertToTheWebhooksThatAcceptIt() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            Map<String, WebhookConfig> webhooks = Map.of(
                    "support-oncall", new WebhookConfig(server.url("/support"), null, Format.GENERIC, "support", Severity.WARNING,
                            null, null, null, null, null),
                    "everything", WebhookConfig.to(server.url("/all"), Format.SLACK));

            try (AlertSinks sinks = AlertSinks.webhooks(webhooks, registry)) {
                sinks.send(alert("support-critical", "support", Severity.CRITICAL));
                sinks.send(alert("billing-info", "billing", Severity.INFO));
                sinks.send(alert("support-info", "support", Severity.INFO));
                await().atMost(Duration.ofSeconds(60)).until(() -> server.requests().size() == 4);
            }

            assertThat(server.requests("/support")).extracting(r -> r.header("Idempotency-Key")).containsExactly("support-critical/firing");
            assertThat(server.requests("/all")).extracting(r -> r.header("Idempotency-Key"))
                    .containsExactly("support-critical/firing", "billing-info/firing", "support-info/firing");
            assertThat(registry.get("llmwatch.webhook.delivered").tag("webhook", "everything").counter().count()).isEqualTo(3);
        }
    }

    @Test
    void aWebhookWhoseVariableIsUnsetStopsTheStartWithItsName() {
        Map<String, WebhookConfig> webhooks = Map.of("broken", new WebhookConfig(null, "LLMWATCH_TEST_UNSET_WEBHOOK_URL",
                null, null, null, null, null, null, null, null));

        assertThatThrownBy(() -> AlertSinks.webhooks(webhooks, registry))
                .hasMessageContaining("webhook broken").hasMessageContaining("LLMWATCH_TEST_UNSET_WEBHOOK_URL");
    }
}
