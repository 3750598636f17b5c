package io.llmwatch.drift.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.drift.AlertDriver;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.Cost;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Scores;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.event.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token spirals, through the production topology: the task's typical run is six finished runs of
 * 5 calls and 30,000 tokens; runs finish after 10 minutes without a call.
 */
class TokenSpiralTest {

    private static final String CONFIG = """
            pipeline: {window: 1h}
            alerts: {token_spiral: {idle: 10m}}
            """;
    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

    @TempDir
    Path stateDir;

    private AlertDriver driver;

    /** Starts the topology with {@code config} and lets six typical runs finish. */
    private void typicalRuns(String config) {
        driver = new AlertDriver(config, stateDir);
        // six agent runs, 15 minutes apart, of 5 calls whose context grows by 500 tokens a step
        for (int run = 0; run < 6; run++) {
            for (int step = 0; step < 5; step++) {
                driver.publish(call("run-" + run + "-" + step, "run-" + run,
                        T0.plus(Duration.ofMinutes(15L * run + step)), 4_000 + 500L * step, 1_000));
            }
        }
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static ScoredCall call(String callId, String trace, Instant at, long input, long output) {
        return new ScoredCall(null, callId, at, "support", "research", "prod", trace, null, "openai", "gpt-4.1",
                "gpt-4.1", "stop", Usage.of(input, output), 900.0, null, Cost.local(0.03, "test"), null, Scores.none(),
                Map.of());
    }

    /** A run stuck in a loop: the same prompt of 12,000 tokens every 10 s, from 90 minutes after T0. */
    private void loop(int from, int to) {
        for (int i = from; i < to; i++) {
            driver.publish(call("loop-" + i, "loop-1", T0.plus(Duration.ofMinutes(90)).plusSeconds(10L * i), 12_000, 300));
        }
    }

    @Test
    void aRunStuckInALoopIsOneTokenSpiralThatResolvesWhenItStops() {
        // Given the task's typical run
        typicalRuns(CONFIG);

        // When an agent run repeats the same call 50 times, 615,000 tokens against a typical 30,000
        loop(0, 50);

        // Then one TOKEN_SPIRAL alert naming the trace, when it passed ten times the typical run
        List<DriftAlert> fired = driver.alerts();
        assertThat(fired).hasSize(1);
        DriftAlert alert = fired.get(0);
        assertThat(alert.type()).isEqualTo(AlertType.TOKEN_SPIRAL);
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.dedupKey()).isEqualTo("TOKEN_SPIRAL/support/research/trace/loop-1");
        assertThat(alert.model()).isEqualTo("gpt-4.1");
        assertThat(alert.window()).isEqualTo(new TimeWindow(T0.plus(Duration.ofMinutes(90)),
                T0.plus(Duration.ofMinutes(94))));
        assertThat(alert.summary()).isEqualTo("support/research: trace loop-1 is spiralling: 25 calls and 307,500 tokens"
                + " ($0.75) in 4 min, 10× the task's typical run (30,000 tokens, 5 calls); 24 of 25 calls repeat a"
                + " recent call's model and input size");
        assertThat(alert.evidence().n()).isEqualTo(25);
        assertThat(alert.evidence().details()).containsEntry("trace_id", "loop-1").containsEntry("tokens", 307_500)
                .containsEntry("typical_tokens", 30_000.0).containsEntry("repeated_calls", 24);

        // When the run has stopped, and another run's call comes 20 minutes later
        driver.publish(call("later-0", "later", T0.plus(Duration.ofMinutes(118)), 4_000, 1_000));

        // Then the spiral resolves with the run's final figures
        List<DriftAlert> resolved = driver.alerts();
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.get(0).summary()).isEqualTo("support/research: trace loop-1 has stopped after 50 calls and"
                + " 615,000 tokens ($1.50) over 8 min, 21× the task's typical run (30,000 tokens, 5 calls)");
    }

    @Test
    void aLongRunThatConvergesIsNoSpiral() {
        // Given the task's typical run
        typicalRuns(CONFIG);

        // When a run makes 30 calls of growing context, 400,000 tokens, none repeating an earlier one
        for (int i = 0; i < 30; i++) {
            driver.publish(call("long-" + i, "long", T0.plus(Duration.ofMinutes(90)).plusSeconds(20L * i),
                    8_000 + 350L * i, 300));
        }

        // Then no alert: its calls do not repeat, and it has fewer than ten times the typical run's calls
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void aCallReScoredByALaterEvaluationCountsOnce() {
        // Given the task's typical run
        typicalRuns(CONFIG);

        // When a run makes 15 identical calls of 25,000 tokens, and each is re-scored (published again)
        for (int i = 0; i < 15; i++) {
            ScoredCall call = call("repeat-" + i, "repeat", T0.plus(Duration.ofMinutes(90)).plusSeconds(10L * i), 24_000,
                    1_000);
            driver.publish(call, call.withScores(new Scores(1.0, null, null, null, 1.0, Map.of())));
        }

        // Then no alert: 15 calls are fewer than the 20 a spiral needs
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void aSpiralThatGoesOnIsResentAfterTheCooldownWithItsLatestFigures() {
        // Given a 2-minute cooldown, and a run stuck in a loop that has been found to spiral
        typicalRuns(CONFIG.replace("alerts: {", "alerts: {cooldown: 2m, "));
        loop(0, 25);
        DriftAlert first = driver.alerts().get(0);

        // When it goes on for another 25 calls, 10 s apart
        loop(25, 50);

        // Then it was re-sent every 2 minutes of its calls, with the figures of the moment
        List<DriftAlert> repeats = driver.alerts();
        assertThat(repeats).extracting(DriftAlert::status).containsOnly(AlertStatus.FIRING);
        assertThat(repeats).extracting(a -> a.evidence().n()).containsExactly(37L, 49L);
        assertThat(repeats).allSatisfy(a -> assertThat(a.evidence().details()).containsEntry("repeat_of", first.alertId()));
    }
}
