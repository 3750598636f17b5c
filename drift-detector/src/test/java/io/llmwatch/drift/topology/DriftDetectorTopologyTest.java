package io.llmwatch.drift.topology;

import static io.llmwatch.drift.ComparisonBuilder.candidate;
import static io.llmwatch.drift.StatsBuilder.model;
import static io.llmwatch.drift.StatsBuilder.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.drift.ComparisonBuilder;
import io.llmwatch.drift.StatsBuilder;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.ModelStanding;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.Severity;
import io.llmwatch.event.Verdict;
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

    /** Non-inferior at the 0.02 margin: Δ −0.004, CS [−0.015, +0.007], n=812. */
    private static ComparisonBuilder nonInferiorMini() {
        return candidate("gpt-4.1-mini");
    }

    /** Inconclusive at the 0.02 margin. */
    private static ComparisonBuilder inconclusiveMini() {
        return candidate("gpt-4.1-mini").evidence(40, -0.004, -0.080, 0.070).toDecide(340, 0.41);
    }

    /** A new driver on which the change to gpt-4.1-mini has been accepted and reported (windows 0–2). */
    private void acceptMini() {
        driver = new DetectorDriver(DetectorDriver.config(CONFIG), stateDir);
        publishWindow(0, nonInferiorMini());
        publishWindow(1, nonInferiorMini());
        publishWindow(2);
        assertThat(driver.alerts()).hasSize(1);
    }

    /** Window {@code w}: gpt-4.1's statistics (which close window w − 1), then the candidates' latest comparisons. */
    private void publishWindow(int w, ComparisonBuilder... comparisons) {
        driver.publish(gpt41().in(w));
        for (ComparisonBuilder comparison : comparisons) {
            driver.publish(comparison.at(w));
        }
    }

    @Test
    void aSustainedNonInferiorCheaperCandidateFiresOneAlertWithItsEvidence() {
        // Given gpt-4.1 in production, and gpt-4.1-mini inconclusive in window 0
        driver = new DetectorDriver(DetectorDriver.config(CONFIG), stateDir);
        publishWindow(0, inconclusiveMini());

        // When gpt-4.1-mini is non-inferior in windows 1 and 2 (window 3's statistics close window 2)
        publishWindow(1, nonInferiorMini());
        publishWindow(2, nonInferiorMini());
        publishWindow(3);

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
        assertThat(evidence.delta()).isCloseTo(-0.004, within(1e-12));
        assertThat(evidence.ciLow()).isCloseTo(-0.015, within(1e-12));
        assertThat(evidence.ciHigh()).isCloseTo(0.007, within(1e-12));
        assertThat(evidence.n()).isEqualTo(812);
        assertThat(evidence.costPerCallBefore()).isCloseTo(0.010, within(1e-12));
        assertThat(evidence.costPerCallAfter()).isCloseTo(0.002, within(1e-12));
        assertThat(evidence.callsPerMonth()).isCloseTo(432_000, within(1e-6));
        // (0.010 - 0.002) USD per call × 432,000 calls a month
        assertThat(evidence.projectedMonthlySavings()).isCloseTo(3_456, within(1e-6));
        assertThat(evidence.details()).containsEntry("verdict", "non_inferior").containsEntry("basis",
                "paired_non_inferiority");
        assertThat(alert.summary()).isEqualTo("support/summarize-ticket: gpt-4.1-mini is now non-inferior to gpt-4.1"
                + " (Δ \u22120.004, 95 % CS [\u22120.015, +0.007], n=812) at 20 % of gpt-4.1's cost per call;"
                + " projected saving $3,456/month");

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
        assertThat(accepted.basis()).isEqualTo("paired_non_inferiority");
        assertThat(accepted.incumbent()).isEqualTo("gpt-4.1");
        assertThat(accepted.margin()).isEqualTo(0.02);
        assertThat(accepted.projectedMonthlySavings()).isCloseTo(3_456, within(1e-6));
        assertThat(accepted.standings()).extracting(ModelStanding::model, ModelStanding::role, ModelStanding::eligible)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gpt-4.1", "incumbent", true),
                        org.assertj.core.groups.Tuple.tuple("gpt-4.1-mini", "candidate", true));
        ModelStanding before = recommendations.get(0).value.standings().get(1);
        assertThat(before.eligible()).isFalse();
        assertThat(before.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(before.reason()).isEqualTo("inconclusive at margin 0.02 (Δ \u22120.004, 95 % CS [\u22120.080, +0.070],"
                + " n=40); ≈ 340 more pairs, ≈ $0.41 would likely decide it");
    }

    @Test
    void aOneWindowBlipFiresNothingAndResetsThePendingCount() {
        // Given gpt-4.1 in production
        driver = new DetectorDriver(DetectorDriver.config(CONFIG), stateDir);

        // When gpt-4.1-mini is non-inferior in windows 1 and 3 only
        publishWindow(0, inconclusiveMini());
        publishWindow(1, nonInferiorMini());
        publishWindow(2, inconclusiveMini());
        publishWindow(3, nonInferiorMini());
        publishWindow(4, inconclusiveMini());
        publishWindow(5);

        // Then no alert; the pending change never got past its first window
        assertThat(driver.alerts()).isEmpty();
        List<KeyValue<String, Recommendation>> recommendations = driver.recommendations();
        assertThat(recommendations).extracting(kv -> kv.value.recommendedModel()).containsOnly("gpt-4.1");
        assertThat(recommendations).extracting(kv -> kv.value.candidateWindows()).containsExactly(0, 1, 0, 1, 0);
    }

    @Test
    void anAcceptedCandidateThatTurnsWorseGivesWayToTheIncumbentWithAWarning() {
        // Given the change to gpt-4.1-mini has been accepted
        acceptMini();

        // When a provider update makes it worse for windows 2 and 3
        ComparisonBuilder worse = candidate("gpt-4.1-mini").evidence(900, -0.06, -0.075, -0.045);
        publishWindow(2, worse);
        publishWindow(3, worse);
        publishWindow(4);

        // Then one warning: back to gpt-4.1, at a higher cost
        List<KeyValue<String, DriftAlert>> alerts = driver.alerts();
        assertThat(alerts).hasSize(1);
        DriftAlert alert = alerts.get(0).value;
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.evidence().fromModel()).isEqualTo("gpt-4.1-mini");
        assertThat(alert.evidence().toModel()).isEqualTo("gpt-4.1");
        assertThat(alert.evidence().delta()).isCloseTo(-0.06, within(1e-12));
        // 600 calls an hour × 720 hours × (0.002 - 0.010) USD
        assertThat(alert.evidence().projectedMonthlySavings()).isCloseTo(-3_456, within(1e-6));
        assertThat(alert.summary()).isEqualTo("support/summarize-ticket: back to gpt-4.1: gpt-4.1-mini is no longer"
                + " eligible (worse at margin 0.02 (Δ \u22120.060, 95 % CS [\u22120.075, \u22120.045], n=900)) at 500 %"
                + " of gpt-4.1-mini's cost per call; projected extra cost $3,456/month");
    }

    @Test
    void anIncumbentThatBreaksDoesNotTakeTheAcceptedCandidateBack() {
        // Given the change to gpt-4.1-mini has been accepted
        acceptMini();
        driver.recommendations();

        // When gpt-4.1 breaks: gpt-4.1-mini's paired deltas rise, its estimate restarts and keeps its verdict
        driver.publish(model("gpt-4.1").cost(0.010).quality(0.05, 510).in(3));
        driver.publish(candidate("gpt-4.1-mini").evidence(3, 0.667, -0.015, 1).roseAfter(1).at(3));
        driver.publish(model("gpt-4.1").cost(0.010).quality(0.05, 510).in(4));
        driver.publish(candidate("gpt-4.1-mini").evidence(300, 0.6, 0.5, 0.7).roseAfter(1).at(4));
        driver.publish(model("gpt-4.1").cost(0.010).quality(0.05, 510).in(5));

        // Then the recommendation stays with the eligible candidate: no fall-back to the broken incumbent
        assertThat(driver.recommendations()).isNotEmpty()
                .allSatisfy(kv -> assertThat(kv.value.recommendedModel()).isEqualTo("gpt-4.1-mini"));
        // And one condition for the one change (re-sent after the cooldown): the incumbent's own quality
        // watch, none per candidate
        assertThat(driver.alerts()).isNotEmpty().extracting(kv -> kv.value.dedupKey())
                .containsOnly("QUALITY_DRIFT/support/summarize-ticket/gpt-4.1");
    }

    @Test
    void windowsStillOpenAreNotDecidedOnOnlyClosedOnes() {
        // Given the scorer's live updates of windows 0 and 1 while they fill
        driver = new DetectorDriver(DetectorDriver.config(CONFIG), stateDir);
        driver.publish(open(gpt41().calls(10).in(0)), open(gpt41().calls(20).in(0)), open(gpt41().calls(5).in(1)));

        // Then nothing is decided
        assertThat(driver.recommendations()).isEmpty();

        // When window 0 closes, then window 1
        driver.publish(gpt41().calls(30).in(0), gpt41().calls(7).in(1));

        // Then window 0 is decided, on its closed statistics
        assertThat(driver.recommendations()).singleElement()
                .satisfies(kv -> assertThat(kv.value.window()).isEqualTo(window(0)));
    }

    /** The same statistics, as published while the window is still open. */
    private static ModelStats open(ModelStats s) {
        return new ModelStats(s.schema(), s.app(), s.taskType(), s.model(), s.window(), s.calls(), s.errors(),
                s.pricedCalls(), s.unpricedCalls(), s.costSum(), s.costMean(), s.inputTokens(), s.outputTokens(),
                s.latencyP50Ms(), s.latencyP95Ms(), s.qualityMean(), s.qualityN(), s.latency(), true);
    }

    @Test
    void aCandidateOverTheTasksErrorOrLatencyLimitIsNotEligible() {
        // Given limits: at most 10 % errors (built in) and a p95 of 1,000 ms
        driver = new DetectorDriver(DetectorDriver.config(CONFIG + "    latency_limit_ms: 1000\n"), stateDir);

        // When one candidate is non-inferior but fails 20 % of its replays, and another is slow
        publishWindow(0, nonInferiorMini().replays(100, 20), candidate("gpt-4.1-nano").p95(1500).costs(0.001, 0.010));
        publishWindow(1);

        // Then neither is eligible, and the reasons say why
        Recommendation recommendation = driver.recommendations().get(0).value;
        assertThat(recommendation.recommendedModel()).isEqualTo("gpt-4.1");
        assertThat(recommendation.standings()).extracting(ModelStanding::model, ModelStanding::eligible, ModelStanding::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("gpt-4.1", true, "incumbent; cheapest eligible model"),
                        org.assertj.core.groups.Tuple.tuple("gpt-4.1-mini", false,
                                "replay error rate 20.0 % above the limit of 10.0 %"),
                        org.assertj.core.groups.Tuple.tuple("gpt-4.1-nano", false,
                                "p95 latency 1,500 ms above the limit of 1,000 ms"));
    }

    @Test
    void aMarginChangedOnTheControlTopicAppliesWithoutARestart() {
        // Given gpt-4.1-mini with CS [−0.05, +0.01]: inconclusive at the configured 0.02 margin
        driver = new DetectorDriver(DetectorDriver.config(CONFIG), stateDir);
        ComparisonBuilder mini = candidate("gpt-4.1-mini").evidence(300, -0.02, -0.05, 0.01);
        publishWindow(0, mini);
        publishWindow(1, mini);

        // When the margin is widened to 0.10 on the control topic while the topology runs
        driver.setControl("task/support/summarize-ticket", "{\"margin\": 0.10}");
        publishWindow(2, mini);
        publishWindow(3);

        // Then the windows decided afterwards use it: gpt-4.1-mini becomes non-inferior, then accepted
        List<Recommendation> recommendations = driver.recommendations().stream().map(kv -> kv.value).toList();
        assertThat(recommendations).extracting(Recommendation::margin).containsExactly(0.02, 0.10, 0.10);
        assertThat(recommendations).extracting(r -> r.standings().get(1).verdict())
                .containsExactly(Verdict.INCONCLUSIVE, Verdict.NON_INFERIOR, Verdict.NON_INFERIOR);
        assertThat(recommendations).extracting(Recommendation::recommendedModel)
                .containsExactly("gpt-4.1", "gpt-4.1", "gpt-4.1-mini");
        assertThat(driver.alerts()).hasSize(1);
    }

    @Test
    void anAcceptedOptimumDoesNotFireAgainNorWhenItsWindowsAreReplayed() {
        // Given the change to gpt-4.1-mini has been accepted and reported
        acceptMini();
        driver.recommendations();

        // When further windows keep the same optimum, and the statistics already decided are delivered again
        for (int w = 3; w <= 6; w++) {
            publishWindow(w, nonInferiorMini());
        }
        for (int w = 0; w <= 2; w++) {
            driver.publish(gpt41().in(w));
        }

        // Then no new alert; the replay is ignored; the recommendation stays
        assertThat(driver.alerts()).isEmpty();
        List<Recommendation> recommendations = driver.recommendations().stream().map(kv -> kv.value).toList();
        assertThat(recommendations).extracting(Recommendation::window)
                .containsExactly(window(2), window(3), window(4), window(5));
        assertThat(recommendations).extracting(Recommendation::recommendedModel).containsOnly("gpt-4.1-mini");
    }

    @Test
    void withoutAConfiguredIncumbentTheMostCalledModelIsTheIncumbent() {
        // Given a task with no incumbent configured, where gpt-4.1 serves most calls
        driver = new DetectorDriver(DetectorDriver.config(CONFIG.replace("    incumbent: gpt-4.1\n", "")), stateDir);
        driver.publish(model("gpt-4.1-mini").calls(30).cost(0.002).in(0));

        // When its first windows are decided with gpt-4.1-mini non-inferior to it
        publishWindow(0, nonInferiorMini());
        publishWindow(1, nonInferiorMini());
        publishWindow(2);

        // Then gpt-4.1 is the incumbent the evidence is about, and the change fires once it held
        List<Recommendation> recommendations = driver.recommendations().stream().map(kv -> kv.value).toList();
        assertThat(recommendations).extracting(Recommendation::incumbent).containsOnly("gpt-4.1");
        assertThat(recommendations).extracting(Recommendation::recommendedModel).containsExactly("gpt-4.1", "gpt-4.1-mini");
        assertThat(driver.alerts()).hasSize(1);
    }

    @Test
    void theReferenceStaysTheYardstickWhenProductionMovesAndTakesTheRecommendationBack() {
        // Given the change to gpt-4.1-mini has been accepted
        driver = new DetectorDriver(DetectorDriver.config(CONFIG), stateDir);
        publishWindow(0, nonInferiorMini());
        publishWindow(1, nonInferiorMini());
        publishWindow(2);
        assertThat(driver.alerts()).hasSize(1);

        // When production moves to gpt-4.1-mini, recorded as the incumbent, with gpt-4.1 kept as the reference
        driver.setControl("task/support/summarize-ticket", "{\"incumbent\": \"gpt-4.1-mini\", \"reference\": \"gpt-4.1\"}");
        driver.publish(model("gpt-4.1-mini").cost(0.002).in(3));
        // and gpt-4.1-mini, still compared with gpt-4.1, turns worse
        ComparisonBuilder worse = candidate("gpt-4.1-mini").evidence(900, -0.06, -0.075, -0.045);
        driver.publish(worse.at(3));
        driver.publish(model("gpt-4.1-mini").cost(0.002).in(4));
        driver.publish(worse.at(4));
        driver.publish(model("gpt-4.1-mini").cost(0.002).in(5));

        // Then the recommendation is still about gpt-4.1, and goes back to it at once, with a warning
        List<Recommendation> recommendations = driver.recommendations().stream().map(kv -> kv.value).toList();
        assertThat(recommendations).extracting(Recommendation::incumbent).containsOnly("gpt-4.1");
        assertThat(recommendations.get(recommendations.size() - 1).recommendedModel()).isEqualTo("gpt-4.1");
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.value.severity()).isEqualTo(Severity.WARNING);
            assertThat(alert.value.evidence().fromModel()).isEqualTo("gpt-4.1-mini");
            assertThat(alert.value.evidence().toModel()).isEqualTo("gpt-4.1");
        });
    }

    @Test
    void anIncumbentChangedLiveStartsAfreshAndIgnoresEvidenceAgainstTheOldOne() {
        // Given gpt-4.1-mini has replaced gpt-4.1
        acceptMini();

        // When the team switches production to gpt-4.1-mini on the control topic
        driver.setControl("task/support/summarize-ticket", "{\"incumbent\": \"gpt-4.1-mini\"}");
        driver.publish(model("gpt-4.1-mini").cost(0.002).in(2));
        publishWindow(3);

        // Then the new incumbent is the optimum without an alert; the comparison against gpt-4.1 no longer counts
        assertThat(driver.alerts()).isEmpty();
        List<Recommendation> recommendations = driver.recommendations().stream().map(kv -> kv.value).toList();
        Recommendation last = recommendations.get(recommendations.size() - 1);
        assertThat(last.incumbent()).isEqualTo("gpt-4.1-mini");
        assertThat(last.recommendedModel()).isEqualTo("gpt-4.1-mini");
        assertThat(last.standings()).extracting(ModelStanding::model).containsExactly("gpt-4.1-mini");
    }
}
