package io.llmwatch.drift.watch;

import static io.llmwatch.drift.StatsBuilder.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.drift.AlertDriver;
import io.llmwatch.drift.ComparisonBuilder;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.TimeWindow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate's paired quality against the incumbent, through the production topology: the alert
 * comes from the scorer's change alarm that revokes the candidate's eligibility (a fall), and from
 * nothing else (docs/decisions.md).
 */
class CandidateDriftTest {

    private static final String CONFIG = """
            pipeline: {window: 1h, hysteresis_windows: 2, horizon_windows: 1}
            alerts: {cooldown: 6h}
            tasks:
              - {app: support, task_type: summarize-ticket, incumbent: gpt-4.1}
            """;
    private static final String KEY = "QUALITY_DRIFT/support/summarize-ticket/gpt-4.1-mini/paired";

    @TempDir
    Path stateDir;

    private AlertDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static ComparisonBuilder mini() {
        return ComparisonBuilder.candidate("gpt-4.1-mini");
    }

    @Test
    void aFallAlarmFiresOneAlertNamingItAndResolvesOnceTheCandidateIsEligibleAgain() {
        // Given gpt-4.1-mini non-inferior against gpt-4.1 for four windows
        driver = new AlertDriver(CONFIG, stateDir);
        for (int w = 0; w < 4; w++) {
            driver.publish(mini().at(w));
        }

        // When its change detector sees the paired deltas fall: the verdict is revoked, the evidence restarts
        driver.publish(mini().evidence(3, -0.667, -1, 0.4).restarted(1).at(4));
        // and the fresh evidence goes on, undecided and then worse
        driver.publish(mini().evidence(40, -0.3, -0.6, 0.05).restarted(1).at(5));
        driver.publish(mini().evidence(200, -0.3, -0.4, -0.2).restarted(1).at(6));

        // Then one QUALITY_DRIFT about its paired quality, at once, naming the alarm
        List<DriftAlert> fired = driver.alerts();
        assertThat(fired).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.QUALITY_DRIFT);
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.dedupKey()).isEqualTo(KEY);
            assertThat(alert.model()).isEqualTo("gpt-4.1-mini");
            assertThat(alert.window()).isEqualTo(new TimeWindow(window(4).start(), window(4).start()));
            assertThat(alert.summary()).isEqualTo("support/summarize-ticket: gpt-4.1-mini's paired quality against gpt-4.1"
                    + " fell; it is no longer eligible (change alarm after 120 pairs the mean fell: pairs 1–120 show 99 % CS"
                    + " [−0.020, +0.010], pairs 97–120 show 99 % CS [−0.400, −0.100])");
            assertThat(alert.evidence().details()).containsEntry("detector", "confidence_sequence_change")
                    .containsEntry("incumbent", "gpt-4.1").containsEntry("restarts", 1);
        });

        // When a provider fix makes the fresh evidence non-inferior again
        driver.publish(mini().evidence(700, -0.002, -0.015, 0.01).restarted(1).at(9));

        // Then it resolves
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(alert.summary()).startsWith("support/summarize-ticket: gpt-4.1-mini's paired quality against"
                    + " gpt-4.1 is good enough again: non_inferior at margin 0.02");
        });
    }

    @Test
    void aRiseOfThePairedDeltasAlertsNothing() {
        // Given gpt-4.1-mini non-inferior against gpt-4.1
        driver = new AlertDriver(CONFIG, stateDir);
        for (int w = 0; w < 4; w++) {
            driver.publish(mini().at(w));
        }

        // When the incumbent breaks: the candidate's deltas rise, its estimate restarts and keeps its verdict
        driver.publish(mini().evidence(3, 0.667, -0.015, 1).roseAfter(1).at(4));
        driver.publish(mini().evidence(300, 0.6, 0.5, 0.7).roseAfter(1).at(5));

        // Then no paired alert: the incumbent's own quality watch reports its fall, once
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void aCandidateThatDriftsWithoutAnAlarmRaisesNoSecondAlert() {
        // Given gpt-4.1-mini non-inferior, then worse, with no alarm (the verdict itself moved)
        driver = new AlertDriver(CONFIG, stateDir);
        driver.publish(mini().at(0));
        driver.publish(mini().evidence(900, -0.06, -0.075, -0.045).at(1));

        // Then nothing here: the recommendation reports the change (OPTIMAL_MODEL_CHANGED), no second detector does
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void aFiringAlertResolvesWhenTheComparisonStartsOverAgainstANewIncumbent() {
        // Given a fall alarm firing for gpt-4.1-mini against gpt-4.1
        driver = new AlertDriver(CONFIG, stateDir);
        driver.publish(mini().at(0));
        driver.publish(mini().evidence(3, -0.667, -1, 0.4).restarted(1).at(1));
        assertThat(driver.alerts()).hasSize(1);

        // When production moves to gpt-4.1-turbo and the comparison starts over against it
        driver.publish(mini().against("gpt-4.1-turbo").evidence(40, -0.08, -0.3, 0.1).at(2));

        // Then the alert resolves as no longer watched, and nothing fires against the new incumbent
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(alert.summary()).isEqualTo("support/summarize-ticket: gpt-4.1-mini's paired quality against"
                    + " gpt-4.1 is no longer watched: its comparison started over against gpt-4.1-turbo");
        });
    }
}
