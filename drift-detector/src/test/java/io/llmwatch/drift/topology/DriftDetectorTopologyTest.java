package io.llmwatch.drift.topology;

import static io.llmwatch.drift.StatsBuilder.model;
import static io.llmwatch.drift.StatsBuilder.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.drift.StatsBuilder;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.ModelStanding;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftDetectorTopologyTest {

    private static final String TASK_KEY = "support/summarize-ticket";
    /** One-hour windows, a change must hold for 2 windows, decisions on the latest window alone. */
    private static final String CONFIG = """
            pipeline:
              window: 1h
              hysteresis_windows: 2
              horizon_windows: 1
            tasks:
              - app: support
                task_type: summarize-ticket
                incumbent: gpt-4.1
            """;
    private static final double CALLS_PER_MONTH = 1200.0 * 24 * 30; // 600 + 600 calls an hour

    @TempDir
    Path stateDir;

    private DetectorDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static StatsBuilder gpt41() {
        return model("gpt-4.1").cost(0.010).quality(0.918, 510);
    }

    private static StatsBuilder mini(double quality) {
        return model("gpt-4.1-mini").cost(0.002).quality(quality, 480);
    }

    /** Statistics of both models for windows {@code from..to}, mini at the given quality. */
    private void publishWindows(int from, int to, double miniQuality) {
        for (int w = from; w <= to; w++) {
            driver.publish(gpt41().in(w), mini(miniQuality).in(w));
        }
    }

    @Test
    void aSustainedCheaperOptimumFiresOneAlertWithItsEvidence() {
        // Given gpt-4.1 in production, and gpt-4.1-mini clearly worse in window 0
        driver = new DetectorDriver(DetectorDriver.config(CONFIG), stateDir);
        publishWindows(0, 0, 0.80);

        // When gpt-4.1-mini reaches gpt-4.1's quality for windows 1 and 2 (window 3's statistics close window 2)
        publishWindows(1, 3, 0.912);

        // Then exactly one OPTIMAL_MODEL_CHANGED alert, for window 2, with the evidence computed by hand
        List<KeyValue<String, DriftAlert>> alerts = driver.alerts();
        assertThat(alerts).hasSize(1);
        DriftAlert alert = alerts.get(0).value;
        String dedupKey = "OPTIMAL_MODEL_CHANGED/support/summarize-ticket";
        String expectedId = UUID.nameUUIDFromBytes((dedupKey + "@2026-11-02T10:00:00Z")
                .getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(alerts.get(0).key).isEqualTo(expectedId);
        assertThat(alert.alertId()).isEqualTo(expectedId);
        assertThat(alert.schema()).isEqualTo(DriftAlert.SCHEMA);
        assertThat(alert.type()).isEqualTo(AlertType.OPTIMAL_MODEL_CHANGED);
        assertThat(alert.severity()).isEqualTo(Severity.INFO);
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.dedupKey()).isEqualTo(dedupKey);
        assertThat(alert.app()).isEqualTo("support");
        assertThat(alert.taskType()).isEqualTo("summarize-ticket");
        assertThat(alert.model()).isEqualTo("gpt-4.1-mini");
        assertThat(alert.window()).isEqualTo(window(2));
        assertThat(alert.detectedAt()).isEqualTo(DetectorDriver.WALL_CLOCK);

        Evidence evidence = alert.evidence();
        assertThat(evidence.fromModel()).isEqualTo("gpt-4.1");
        assertThat(evidence.toModel()).isEqualTo("gpt-4.1-mini");
        assertThat(evidence.fromQuality()).isCloseTo(0.918, within(1e-9));
        assertThat(evidence.fromQualityN()).isEqualTo(510);
        assertThat(evidence.toQuality()).isCloseTo(0.912, within(1e-9));
        assertThat(evidence.toQualityN()).isEqualTo(480);
        assertThat(evidence.delta()).isCloseTo(-0.006, within(1e-9));
        assertThat(evidence.costPerCallBefore()).isCloseTo(0.010, within(1e-12));
        assertThat(evidence.costPerCallAfter()).isCloseTo(0.002, within(1e-12));
        assertThat(evidence.callsPerMonth()).isCloseTo(864_000, within(1e-6));
        // (0.010 - 0.002) USD per call × 864,000 calls a month
        assertThat(evidence.projectedMonthlySavings()).isCloseTo(6_912, within(1e-6));
        assertThat(alert.summary()).isEqualTo("support/summarize-ticket: gpt-4.1-mini is now within the 0.02 margin"
                + " of the best quality (0.912 vs 0.918, n=480/510) at 20 % of gpt-4.1's cost per call;"
                + " projected saving $6,912/month");

        // And a recommendation for every decided window, the change accepted only in window 2
        List<KeyValue<String, Recommendation>> recommendations = driver.recommendations();
        assertThat(recommendations).extracting(kv -> kv.key).containsOnly(TASK_KEY);
        assertThat(recommendations).extracting(kv -> kv.value.window())
                .containsExactly(window(0), window(1), window(2));
        assertThat(recommendations).extracting(kv -> kv.value.recommendedModel())
                .containsExactly("gpt-4.1", "gpt-4.1", "gpt-4.1-mini");
        assertThat(recommendations).extracting(kv -> kv.value.candidateModel())
                .containsExactly(null, "gpt-4.1-mini", null);
        assertThat(recommendations).extracting(kv -> kv.value.candidateWindows()).containsExactly(0, 1, 0);
        Recommendation accepted = recommendations.get(2).value;
        assertThat(accepted.basis()).isEqualTo("quality_margin_stand_in");
        assertThat(accepted.incumbent()).isEqualTo("gpt-4.1");
        assertThat(accepted.margin()).isEqualTo(0.02);
        assertThat(accepted.projectedMonthlySavings()).isCloseTo(6_912, within(1e-6));
        assertThat(accepted.standings()).extracting(ModelStanding::model, ModelStanding::eligible)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gpt-4.1", true),
                        org.assertj.core.groups.Tuple.tuple("gpt-4.1-mini", true));
        ModelStanding before = recommendations.get(0).value.standings().get(1);
        assertThat(before.eligible()).isFalse();
        assertThat(before.reason()).isEqualTo("quality 0.800 is more than the 0.02 margin below the best, 0.918 (gpt-4.1)");
    }

    @Test
    void aOneWindowBlipFiresNothingAndResetsThePendingCount() {
        // Given gpt-4.1 in production
        driver = new DetectorDriver(DetectorDriver.config(CONFIG), stateDir);

        // When gpt-4.1-mini is good enough in windows 1 and 3 only
        publishWindows(0, 0, 0.80);
        publishWindows(1, 1, 0.912);
        publishWindows(2, 2, 0.80);
        publishWindows(3, 3, 0.912);
        publishWindows(4, 5, 0.80);

        // Then no alert; the pending change never got past its first window
        assertThat(driver.alerts()).isEmpty();
        List<KeyValue<String, Recommendation>> recommendations = driver.recommendations();
        assertThat(recommendations).extracting(kv -> kv.value.recommendedModel()).containsOnly("gpt-4.1");
        assertThat(recommendations).extracting(kv -> kv.value.candidateWindows()).containsExactly(0, 1, 0, 1, 0);
    }

    @Test
    void anIncumbentThatFallsOutOfTheMarginIsReplacedByTheNextEligibleModelWithAWarning() {
        // Given gpt-4.1-mini in production and good enough; claude-haiku too weak; gpt-4.1 best but dear
        driver = new DetectorDriver(DetectorDriver.config(CONFIG.replace("incumbent: gpt-4.1", "incumbent: gpt-4.1-mini")),
                stateDir);
        StatsBuilder haiku = model("claude-haiku").cost(0.004).quality(0.85, 300);
        StatsBuilder gpt41 = model("gpt-4.1").cost(0.010).quality(0.91, 510);
        driver.publish(mini(0.90).in(0), haiku.in(0), gpt41.in(0));

        // When gpt-4.1-mini's quality drops to 0.80 for windows 1 and 2
        for (int w = 1; w <= 3; w++) {
            driver.publish(mini(0.80).in(w), haiku.in(w), gpt41.in(w));
        }

        // Then one warning: gpt-4.1 replaces it, at a higher cost
        List<KeyValue<String, DriftAlert>> alerts = driver.alerts();
        assertThat(alerts).hasSize(1);
        DriftAlert alert = alerts.get(0).value;
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.evidence().fromModel()).isEqualTo("gpt-4.1-mini");
        assertThat(alert.evidence().toModel()).isEqualTo("gpt-4.1");
        // 1,800 calls an hour × 720 hours × (0.002 - 0.010) USD
        assertThat(alert.evidence().projectedMonthlySavings()).isCloseTo(-10_368, within(1e-6));
        assertThat(alert.summary()).isEqualTo("support/summarize-ticket: gpt-4.1-mini is no longer eligible"
                + " (quality 0.800 is more than the 0.02 margin below the best, 0.910 (gpt-4.1)); gpt-4.1 is now the"
                + " recommended model (quality 0.910, n=510) at 500 % of gpt-4.1-mini's cost per call;"
                + " projected extra cost $10,368/month");
        assertThat(driver.recommendations()).extracting(kv -> kv.value.recommendedModel())
                .containsExactly("gpt-4.1-mini", "gpt-4.1-mini", "gpt-4.1");
    }

    @Test
    void aMarginChangedOnTheControlTopicAppliesWithoutARestart() {
        // Given gpt-4.1-mini at 0.880: outside the configured 0.02 margin of gpt-4.1's 0.918
        driver = new DetectorDriver(DetectorDriver.config(CONFIG), stateDir);
        publishWindows(0, 1, 0.88);

        // When the margin is widened to 0.10 on the control topic while the topology runs
        driver.setControl("task/support/summarize-ticket", "{\"margin\": 0.10}");
        publishWindows(2, 3, 0.88);

        // Then the windows decided afterwards use it: gpt-4.1-mini becomes eligible, then accepted
        List<Recommendation> recommendations = driver.recommendations().stream().map(kv -> kv.value).toList();
        assertThat(recommendations).extracting(Recommendation::margin).containsExactly(0.02, 0.10, 0.10);
        assertThat(recommendations).extracting(r -> r.standings().get(1).eligible()).containsExactly(false, true, true);
        assertThat(recommendations).extracting(Recommendation::recommendedModel)
                .containsExactly("gpt-4.1", "gpt-4.1", "gpt-4.1-mini");
        List<KeyValue<String, DriftAlert>> alerts = driver.alerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).value.summary()).contains("within the 0.1 margin");
    }

    @Test
    void anAcceptedOptimumDoesNotFireAgainNorWhenItsWindowsAreReplayed() {
        // Given the change to gpt-4.1-mini has been accepted and reported
        driver = new DetectorDriver(DetectorDriver.config(CONFIG), stateDir);
        publishWindows(0, 0, 0.80);
        publishWindows(1, 3, 0.912);
        assertThat(driver.alerts()).hasSize(1);
        driver.recommendations();

        // When further windows keep the same optimum, and the statistics already decided are delivered again
        publishWindows(4, 7, 0.912);
        publishWindows(0, 3, 0.912);

        // Then no new alert; the replay is ignored; the recommendation stays
        assertThat(driver.alerts()).isEmpty();
        List<Recommendation> recommendations = driver.recommendations().stream().map(kv -> kv.value).toList();
        assertThat(recommendations).extracting(Recommendation::window)
                .containsExactly(window(3), window(4), window(5), window(6));
        assertThat(recommendations).extracting(Recommendation::recommendedModel).containsOnly("gpt-4.1-mini");
    }

    @Test
    void withoutAConfiguredIncumbentTheFirstOptimumIsAcceptedSilently() {
        // Given a task with no incumbent configured
        driver = new DetectorDriver(DetectorDriver.config(CONFIG.replace("    incumbent: gpt-4.1\n", "")), stateDir);

        // When its first windows are decided
        publishWindows(0, 2, 0.912);

        // Then the cheapest eligible model is recommended without an alert
        assertThat(driver.alerts()).isEmpty();
        List<Recommendation> recommendations = driver.recommendations().stream().map(kv -> kv.value).toList();
        assertThat(recommendations).extracting(Recommendation::recommendedModel).containsOnly("gpt-4.1-mini");
        assertThat(recommendations).extracting(Recommendation::incumbent).containsOnly((String) null);
        assertThat(recommendations).extracting(Recommendation::projectedMonthlySavings).containsOnly((Double) null);
    }

    @Test
    void theOptimumIsJudgedOnTheLastHorizonWindowsMerged() {
        // Given a horizon of 2 windows
        LlmwatchConfig config = DetectorDriver.config(CONFIG.replace("horizon_windows: 1", "horizon_windows: 2"));
        driver = new DetectorDriver(config, stateDir);

        // When gpt-4.1-mini scores 0.90 on 100 calls, then 0.80 on 300, then 0.80 on 300 again
        driver.publish(gpt41().in(0), model("gpt-4.1-mini").cost(0.002).calls(100).quality(0.90, 100).in(0));
        driver.publish(gpt41().in(1), model("gpt-4.1-mini").cost(0.002).calls(300).quality(0.80, 300).in(1));
        driver.publish(gpt41().in(2), model("gpt-4.1-mini").cost(0.002).calls(300).quality(0.80, 300).in(2));
        driver.publish(gpt41().in(3));

        // Then each decision merges the window with the one before it, and no older
        List<Recommendation> recommendations = driver.recommendations().stream().map(kv -> kv.value).toList();
        assertThat(recommendations).hasSize(3);
        ModelStanding first = recommendations.get(0).standings().get(1);
        ModelStanding second = recommendations.get(1).standings().get(1);
        ModelStanding third = recommendations.get(2).standings().get(1);
        assertThat(first.qualityN()).isEqualTo(100);
        assertThat(second.qualityN()).isEqualTo(400);
        assertThat(second.qualityMean()).isCloseTo((0.90 * 100 + 0.80 * 300) / 400, within(1e-9));
        assertThat(second.calls()).isEqualTo(400);
        assertThat(third.qualityN()).isEqualTo(600);
        assertThat(third.qualityMean()).isCloseTo(0.80, within(1e-9));
        assertThat(recommendations.get(2).standings().get(0).calls()).isEqualTo(1200);
    }
}
