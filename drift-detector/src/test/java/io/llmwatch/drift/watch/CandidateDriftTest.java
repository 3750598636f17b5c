package io.llmwatch.drift.watch;

import static io.llmwatch.drift.StatsBuilder.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * A candidate's paired delta against the incumbent, through the production topology: the scorer
 * publishes a cumulative comparison per window, 100 new pairs each time.
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
    private long pairs;
    private double deltaSum;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Publishes the comparison after 100 more pairs with mean delta {@code mean} (±0.003), at window {@code w}. */
    private void batch(int w, double mean, String incumbent) {
        pairs += 100;
        deltaSum += 100 * (mean + (w % 2 == 0 ? 0.003 : -0.003));
        driver.publish(ComparisonBuilder.candidate("gpt-4.1-mini").against(incumbent)
                .evidence(pairs, deltaSum / pairs, -0.3, 0.3).at(w));
    }

    private void batches(int from, int to, double mean) {
        for (int w = from; w <= to; w++) {
            batch(w, mean, "gpt-4.1");
        }
    }

    @Test
    void aCandidateThatGetsWorseAgainstTheIncumbentFiresOnceAndResolves() {
        // Given gpt-4.1-mini at Δ −0.004 against gpt-4.1 for six batches of pairs
        driver = new AlertDriver(CONFIG, stateDir);
        batches(0, 5, -0.004);

        // When a provider update puts its new pairs at Δ −0.200 for three batches, and a re-sent comparison adds none
        // (a batch is 100 pairs: a smaller drop would be within the noise of 100 paired deltas)
        batches(6, 8, -0.200);
        driver.publish(ComparisonBuilder.candidate("gpt-4.1-mini").evidence(pairs, deltaSum / pairs, -0.3, 0.3).at(8));

        // Then one QUALITY_DRIFT alert about its paired quality, when the second bad batch confirms it
        List<DriftAlert> fired = driver.alerts();
        assertThat(fired).hasSize(1);
        DriftAlert alert = fired.get(0);
        assertThat(alert.type()).isEqualTo(AlertType.QUALITY_DRIFT);
        assertThat(alert.dedupKey()).isEqualTo(KEY);
        assertThat(alert.model()).isEqualTo("gpt-4.1-mini");
        assertThat(alert.window()).isEqualTo(new TimeWindow(window(5).start(), window(7).start()));
        assertThat(alert.summary()).isEqualTo("support/summarize-ticket: gpt-4.1-mini's paired quality against gpt-4.1"
                + " fell from Δ −0.004 to Δ −0.200 (Page-Hinkley, n=200 pairs) since 2026-11-02 13:00 UTC");
        assertThat(alert.evidence().delta()).isCloseTo(-0.196, within(1e-9));
        assertThat(alert.evidence().n()).isEqualTo(200);
        assertThat(alert.evidence().details()).containsEntry("incumbent", "gpt-4.1");

        // When its new pairs are back at Δ −0.004 for two batches
        batches(9, 10, -0.004);

        // Then it resolves
        assertThat(driver.alerts()).extracting(DriftAlert::status).containsExactly(AlertStatus.RESOLVED);
    }

    @Test
    void oneBadBatchOfPairsFiresNothing() {
        // Given gpt-4.1-mini at Δ −0.004 for six batches
        driver = new AlertDriver(CONFIG, stateDir);
        batches(0, 5, -0.004);

        // When one batch is at Δ −0.300 and the next ones are as before
        batches(6, 6, -0.300);
        batches(7, 10, -0.004);

        // Then no alert
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void comparisonsAgainstANewIncumbentStartAfresh() {
        // Given gpt-4.1-mini at Δ −0.004 against gpt-4.1
        driver = new AlertDriver(CONFIG, stateDir);
        batches(0, 5, -0.004);

        // When production moves to gpt-4.1-turbo, and the candidate compares at Δ −0.080 against it from the start
        pairs = 0;
        deltaSum = 0;
        for (int w = 6; w <= 11; w++) {
            batch(w, -0.080, "gpt-4.1-turbo");
        }

        // Then nothing fired: −0.080 is its normal level against the new incumbent
        assertThat(driver.alerts()).isEmpty();
    }
}
