package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertsConfigTest {

    private static LlmwatchConfig read(String yaml) {
        return LlmwatchConfig.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void withoutAnAlertsSectionTheDefaultsApply() {
        assertThat(LlmwatchConfig.empty().alerts()).isEqualTo(AlertsConfig.DEFAULT);
        assertThat(AlertsConfig.DEFAULT.cooldown()).isEqualTo(Duration.ofHours(1));
        assertThat(AlertsConfig.DEFAULT.qualityBand()).isNull();
    }

    @Test
    void aPartialSectionKeepsTheDefaultsOfWhatItLeavesOut() {
        // Given a file that sets the cooldown, the cost band and one token-spiral threshold
        AlertsConfig alerts = read("""
                alerts:
                  cooldown: 4h
                  cost_band: 0.1
                  token_spiral: {factor: 20}
                """).alerts();

        // Then those apply, and everything else is at its default
        assertThat(alerts.cooldown()).isEqualTo(Duration.ofHours(4));
        assertThat(alerts.costBand()).isEqualTo(0.1);
        assertThat(alerts.confirmWindows()).isEqualTo(2);
        assertThat(alerts.tokenSpiral().factor()).isEqualTo(20.0);
        assertThat(alerts.tokenSpiral().idle()).isEqualTo(Duration.ofMinutes(10));
        assertThat(alerts.tokenSpiral().minRuns()).isEqualTo(5);
    }

    @Test
    void badValuesAreNamedWithTheirPath() {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> read("""
                alerts:
                  confirm_windows: 0
                  latency_band: -0.1
                  token_spiral: {factor: 1, repeat_share: 2}
                """));

        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("alerts.confirm_windows",
                "alerts.latency_band", "alerts.token_spiral.factor", "alerts.token_spiral.repeat_share");
    }
}
