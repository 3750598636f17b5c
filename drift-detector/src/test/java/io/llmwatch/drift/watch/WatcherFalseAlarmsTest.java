package io.llmwatch.drift.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.config.AlertsConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.stats.DecisionSimulation.Rate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, "watchers that do not cry wolf": at the default settings, on seeded stationary streams of
 * one-minute windows ({@link WatcherSimulation}), the watchers of one model (quality, cost, latency,
 * error rate) raise at most one alert per 30 days (43,200 windows), at any {@code min_calls}, and so
 * does a candidate's paired comparison (whose alert comes from its change detector's falls): the 95 %
 * Clopper–Pearson upper bound of the per-window rate, times 43,200, is at most 1.
 */
class WatcherFalseAlarmsTest {

    private static final int MONTH = 43_200;
    /** With no alert, 162,000 windows put the two-sided 95 % Clopper–Pearson upper bound at 0.98 per month. */
    private static final int WINDOWS = 27_000;
    private static final int STREAMS = 6;

    @ParameterizedTest(name = "min_calls {0}")
    @ValueSource(longs = {1, 10, 50, 200})
    void stationaryStreamsRaiseAtMostOneAlertPerModelPerMonth(long minCalls) {
        // Given the default alert settings with this min_calls, and windows of exactly that many calls
        AlertsConfig alerts = new AlertsConfig(null, null, minCalls, null, null, null, null, null, null, null)
                .orElse(AlertsConfig.DEFAULT);

        // When six models watch 27,000 stationary windows each
        WatcherSimulation.Result result = WatcherSimulation.stationary(alerts, TaskConfig.BUILT_IN.margin(), minCalls,
                STREAMS, WINDOWS, 10);

        // Then the upper bound of alerts per model per month is at most one
        Rate rate = new Rate(result.fired(), (long) STREAMS * WINDOWS);
        System.out.printf("min_calls %d: %d fired %s, %d firing samples, CP upper %.3f per month%n", minCalls,
                result.fired(), result.byFigure(), result.firingSamples(), rate.upper95() * MONTH);
        assertThat(rate.upper95() * MONTH).isLessThanOrEqualTo(1.0);
    }

    @ParameterizedTest(name = "shared difficulty {0}")
    @ValueSource(doubles = {0.8, 0})
    void aStationaryComparisonRaisesAtMostOnePairedAlertPerMonth(double shared) {
        // Given a candidate exactly as good as the incumbent, 2 judged pairs a minute (the bench runs 50),
        // scores partially correlated or independent (the noisiest deltas)
        int streams = 10;

        // When 10 such comparisons run for 30 days each
        WatcherSimulation.Result result = WatcherSimulation.pairedStationary(TaskConfig.BUILT_IN.margin(), shared, 2,
                streams, MONTH, 11);

        // Then the upper bound of paired alerts per comparison per month is at most one
        Rate rate = new Rate(result.fired(), (long) streams * MONTH);
        System.out.printf("paired, shared %.1f: %d fired, CP upper %.3f per month%n", shared, result.fired(),
                rate.upper95() * MONTH);
        assertThat(rate.upper95() * MONTH).isLessThanOrEqualTo(1.0);
    }
}
