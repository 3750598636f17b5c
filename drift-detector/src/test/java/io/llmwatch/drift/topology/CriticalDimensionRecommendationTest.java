package io.llmwatch.drift.topology;

import static io.llmwatch.drift.ComparisonBuilder.candidate;
import static io.llmwatch.drift.StatsBuilder.model;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DimensionComparison;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.Interval;
import io.llmwatch.event.ModelStanding;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.Verdict;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A critical dimension keeps a candidate that wins on the composite from being recommended, until it is non-inferior on it. */
class CriticalDimensionRecommendationTest {

    /** One-hour windows, a change holds for 2 windows; stat_validity critical at its own margin of 0.05. */
    private static final String CONFIG = """
            pipeline:
              window: 1h
              hysteresis_windows: 2
              horizon_windows: 1
            alerts:
              cooldown: 12h
            tasks:
              - app: support
                task_type: summarize-ticket
                incumbent: gpt-4.1
                critical: {stat_validity: 0.05}
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

    /** gpt-4.1-mini better on the composite (CS [+0.01, +0.05]) at a fifth of the cost, with this stat_validity evidence. */
    private static Comparison mini(int window, double mean, double low, double high, int restarts) {
        Interval cs = new Interval(low, high, 0.95);
        Verdict verdict = Verdict.of(cs, 0.05);
        EvidenceState state = verdict.goodEnough() ? EvidenceState.MONITORING
                : verdict == Verdict.WORSE ? EvidenceState.DECIDED : restarts > 0 ? EvidenceState.ALARMED
                : EvidenceState.ACCUMULATING;
        return candidate("gpt-4.1-mini").evidence(800, 0.03, 0.01, 0.05).at(window).withCritical(List.of(
                new DimensionComparison("stat_validity", 0.05, 800, mean, cs, verdict, state, restarts,
                        restarts == 0 ? null : "after 300 pairs the mean moved")));
    }

    private void publishWindow(int w, Comparison... comparisons) {
        driver.publish(model("gpt-4.1").cost(0.010).quality(0.918, 510).in(w));
        driver.publish(comparisons);
    }

    @Test
    void aCandidateBetterOnTheCompositeButWorseOnACriticalDimensionIsNotRecommendedUntilItIsNonInferiorOnIt() {
        // Given gpt-4.1 in production and gpt-4.1-mini better on the composite but worse on stat_validity
        driver = new DetectorDriver(DetectorDriver.config(CONFIG), stateDir);
        publishWindow(0, mini(0, -0.08, -0.12, -0.06, 0));
        publishWindow(1, mini(1, -0.08, -0.12, -0.06, 0));
        publishWindow(2);

        // Then it is not recommended, the reason names the dimension with its interval and margin
        List<KeyValue<String, Recommendation>> blocked = driver.recommendations();
        assertThat(blocked).extracting(kv -> kv.value.recommendedModel()).containsOnly("gpt-4.1");
        ModelStanding standing = blocked.get(1).value.standings().get(1);
        assertThat(standing.model()).isEqualTo("gpt-4.1-mini");
        assertThat(standing.verdict()).as("the composite's").isEqualTo(Verdict.BETTER);
        assertThat(standing.eligible()).isFalse();
        assertThat(standing.reason()).isEqualTo("stat_validity is critical: worse at margin 0.05 (Δ \u22120.080,"
                + " 95 % CS [\u22120.120, \u22120.060], n=800)");
        // And one CRITICAL_DIMENSION alert, however often the comparison repeats it
        List<KeyValue<String, DriftAlert>> alerts = driver.alerts();
        assertThat(alerts).hasSize(1);
        DriftAlert alert = alerts.get(0).value;
        assertThat(alert.type()).isEqualTo(AlertType.CRITICAL_DIMENSION);
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.model()).isEqualTo("gpt-4.1-mini");
        assertThat(alert.dedupKey()).isEqualTo("CRITICAL_DIMENSION/support/summarize-ticket/gpt-4.1-mini/stat_validity");
        assertThat(alert.evidence().ciHigh()).isEqualTo(-0.06);
        assertThat(alert.evidence().details()).containsEntry("dimension", "stat_validity").containsEntry("verdict", "worse");
        assertThat(alert.summary()).startsWith("support/summarize-ticket: gpt-4.1-mini qualifies against gpt-4.1 on the"
                + " composite but is worse on critical dimension stat_validity, so it cannot be recommended:"
                + " stat_validity is critical: worse at margin 0.05");

        // When the same candidate is shown non-inferior on stat_validity (after a fix of its prompt)
        publishWindow(2, mini(2, -0.01, -0.03, 0.01, 1));
        publishWindow(3, mini(3, -0.01, -0.03, 0.01, 1));
        publishWindow(4);

        // Then it is recommended once it held for two windows, and the critical alert resolves
        List<KeyValue<String, Recommendation>> recommended = driver.recommendations();
        assertThat(recommended).extracting(kv -> kv.value.recommendedModel()).containsExactly("gpt-4.1", "gpt-4.1-mini");
        assertThat(recommended.get(1).value.standings().get(1).eligible()).isTrue();
        List<KeyValue<String, DriftAlert>> after = driver.alerts();
        assertThat(after).extracting(kv -> kv.value.type())
                .containsExactlyInAnyOrder(AlertType.CRITICAL_DIMENSION, AlertType.OPTIMAL_MODEL_CHANGED);
        DriftAlert resolved = after.stream().map(kv -> kv.value).filter(a -> a.type() == AlertType.CRITICAL_DIMENSION)
                .findFirst().orElseThrow();
        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.summary()).isEqualTo("support/summarize-ticket: gpt-4.1-mini is non-inferior to gpt-4.1 on"
                + " critical dimension stat_validity again at margin 0.05 (Δ \u22120.010, 95 % CS [\u22120.030, +0.010], n=800)");
    }

    @Test
    void aCriticalDimensionDeclaredLiveWithoutEvidenceBlocksAndAnAlarmFires() {
        // Given gpt-4.1-mini recommended on the composite alone
        driver = new DetectorDriver(DetectorDriver.config(CONFIG.replace("    critical: {stat_validity: 0.05}\n", "")),
                stateDir);
        publishWindow(0, candidate("gpt-4.1-mini").at(0));
        publishWindow(1, candidate("gpt-4.1-mini").at(1));
        publishWindow(2);
        assertThat(driver.recommendations()).extracting(kv -> kv.value.recommendedModel()).endsWith("gpt-4.1-mini");

        // When the team declares format critical live, and the comparisons carry no evidence on it
        driver.setControl("task/support/summarize-ticket", "{\"critical\": [\"format\"]}");
        publishWindow(2, candidate("gpt-4.1-mini").at(2));
        publishWindow(3);

        // Then gpt-4.1-mini loses its eligibility at once: it is not yet shown non-inferior on format
        List<KeyValue<String, Recommendation>> recommendations = driver.recommendations();
        Recommendation last = recommendations.get(recommendations.size() - 1).value;
        assertThat(last.recommendedModel()).isEqualTo("gpt-4.1");
        assertThat(last.standings().get(1).reason()).isEqualTo("format is critical: no paired evidence on it yet");

        // And an alarm on a critical dimension fires an alert while its fresh evidence is undecided
        driver.setControl("task/support/summarize-ticket", "{\"critical\": [\"stat_validity\"]}");
        publishWindow(4, mini(4, -0.2, -0.9, 0.5, 1));
        assertThat(driver.alerts()).filteredOn(kv -> kv.value.type() == AlertType.CRITICAL_DIMENSION)
                .singleElement().satisfies(kv -> {
                    assertThat(kv.value.status()).isEqualTo(AlertStatus.FIRING);
                    assertThat(kv.value.summary()).contains("gpt-4.1-mini's stat_validity against gpt-4.1 moved;")
                            .contains("its evidence restarted 1 time, last after 300 pairs the mean moved");
                });
    }

    @Test
    void aCandidateWorseOnTheCompositeTooFiresNoCriticalDimensionAlert() {
        // Given gpt-4.1-mini worse on the composite and on stat_validity
        driver = new DetectorDriver(DetectorDriver.config(CONFIG), stateDir);
        Comparison worseOnBoth = candidate("gpt-4.1-mini").evidence(800, -0.2, -0.25, -0.15).at(0)
                .withCritical(mini(0, -0.08, -0.12, -0.06, 0).critical());
        publishWindow(0, worseOnBoth);
        publishWindow(1);

        // Then it is not recommended, for the composite, and no CRITICAL_DIMENSION alert says what is no news
        assertThat(driver.recommendations().get(0).value.standings().get(1).reason()).startsWith("worse at margin 0.02");
        assertThat(driver.alerts()).isEmpty();
    }
}
