package io.llmwatch.drift.watch;

import static io.llmwatch.drift.StatsBuilder.model;
import static io.llmwatch.drift.StatsBuilder.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.drift.AlertDriver;
import io.llmwatch.drift.StatsBuilder;
import io.llmwatch.drift.lifecycle.AlertIds;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quality, cost, latency and error-rate drift of a model in production, and its prices, through the
 * production topology: one-hour windows of 600 calls, a change must hold for 2 windows.
 */
class ModelDriftTest {

    private static final String CONFIG = """
            pipeline: {window: 1h, hysteresis_windows: 2, horizon_windows: 1}
            alerts: {cooldown: 6h}
            tasks:
              - {app: support, task_type: summarize-ticket, incumbent: gpt-4.1}
            """;
    private static final String QUALITY_KEY = "QUALITY_DRIFT/support/summarize-ticket/gpt-4.1";

    @TempDir
    Path stateDir;

    private AlertDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** ±0.003 around {@code mean}, alternating, as window means of a few hundred calls move. */
    private static double wobble(double mean, int window) {
        return mean + (window % 2 == 0 ? 0.003 : -0.003);
    }

    private static StatsBuilder gpt41() {
        return model("gpt-4.1").cost(0.010).p95(900).errors(3);
    }

    private static StatsBuilder quality(int w, double mean) {
        return gpt41().quality(wobble(mean, w), 510);
    }

    private void publish(int from, int to, IntFunction<StatsBuilder> window) {
        for (int w = from; w <= to; w++) {
            driver.publish(window.apply(w).in(w));
        }
    }

    private static TimeWindow span(int from, int to) {
        return new TimeWindow(window(from).start(), window(to).end());
    }

    @Test
    void aQualityDropThatHoldsFiresOnceAndResolvesWhenQualityIsBack() {
        // Given gpt-4.1 at quality 0.918 for six windows
        driver = new AlertDriver(CONFIG, stateDir);
        publish(0, 5, w -> quality(w, 0.918));

        // When it falls to 0.842 for four windows
        publish(6, 9, w -> quality(w, 0.842));

        // Then one QUALITY_DRIFT alert, when the second low window confirms it
        List<DriftAlert> fired = driver.alerts();
        assertThat(fired).hasSize(1);
        DriftAlert alert = fired.get(0);
        assertThat(alert.type()).isEqualTo(AlertType.QUALITY_DRIFT);
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.dedupKey()).isEqualTo(QUALITY_KEY);
        assertThat(alert.alertId()).isEqualTo(AlertIds.of(QUALITY_KEY, AlertStatus.FIRING, window(7).end()));
        assertThat(alert.model()).isEqualTo("gpt-4.1");
        assertThat(alert.window()).isEqualTo(span(6, 7));
        assertThat(alert.detectedAt()).isEqualTo(AlertDriver.WALL_CLOCK);
        // 0.076 is over three times the 0.02 band
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.summary()).isEqualTo("support/summarize-ticket: gpt-4.1 quality fell from 0.918 to 0.842"
                + " (Page-Hinkley, n=1,020 calls) since 2026-11-02 14:00 UTC");
        assertThat(alert.evidence().fromQuality()).isCloseTo(0.918, within(1e-9));
        assertThat(alert.evidence().fromQualityN()).isEqualTo(6 * 510);
        assertThat(alert.evidence().toQuality()).isCloseTo(0.842, within(1e-9));
        assertThat(alert.evidence().delta()).isCloseTo(-0.076, within(1e-9));
        assertThat(alert.evidence().n()).isEqualTo(1_020);
        assertThat(alert.evidence().details()).containsEntry("detector", "page_hinkley").containsEntry("band", 0.02);

        // When quality is back for two windows
        publish(10, 11, w -> quality(w, 0.918));

        // Then it resolves, once, linked to the alert that fired
        List<DriftAlert> resolved = driver.alerts();
        assertThat(resolved).hasSize(1);
        DriftAlert resolution = resolved.get(0);
        assertThat(resolution.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolution.dedupKey()).isEqualTo(QUALITY_KEY);
        assertThat(resolution.alertId()).isEqualTo(AlertIds.of(QUALITY_KEY, AlertStatus.RESOLVED, window(11).end()));
        assertThat(resolution.window()).isEqualTo(span(6, 11));
        assertThat(resolution.summary()).isEqualTo("support/summarize-ticket: gpt-4.1 quality is back to 0.918, within"
                + " 0.02 of 0.918 for 2 samples; it had fallen to 0.842 since 2026-11-02 14:00 UTC");
        assertThat(resolution.evidence().details()).containsEntry("resolves", alert.alertId());
    }

    @Test
    void aOneWindowBlipOfEveryFigureFiresNothing() {
        // Given gpt-4.1 steady for six windows
        driver = new AlertDriver(CONFIG, stateDir);
        publish(0, 5, w -> quality(w, 0.918));

        // When one window has poor quality, triple cost, a slow p95 and half its calls failing
        driver.publish(model("gpt-4.1").cost(0.030).p95(6000).errors(300).quality(0.60, 510).in(6));
        publish(7, 12, w -> quality(w, 0.918));

        // Then no alert
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void aStillFiringConditionIsResentAfterTheCooldownOnlyWhileItHolds() {
        // Given a 3-hour cooldown, and a quality drop that fired in window 7
        driver = new AlertDriver(CONFIG.replace("cooldown: 6h", "cooldown: 3h"), stateDir);
        publish(0, 5, w -> quality(w, 0.918));
        publish(6, 7, w -> quality(w, 0.842));
        DriftAlert first = driver.alerts().get(0);

        // When it holds for three more windows, then recovers, and stays recovered well past the cooldown
        publish(8, 10, w -> quality(w, 0.842));
        publish(11, 18, w -> quality(w, 0.918));

        // Then it was re-sent once, three hours after it fired, and resolved once; nothing since
        List<DriftAlert> alerts = driver.alerts();
        assertThat(alerts).extracting(DriftAlert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        DriftAlert repeat = alerts.get(0);
        assertThat(repeat.alertId()).isEqualTo(AlertIds.of(QUALITY_KEY, AlertStatus.FIRING, window(10).end()));
        assertThat(repeat.evidence().details()).containsEntry("repeat_of", first.alertId())
                .containsEntry("firing_since", window(7).end().toString());
        assertThat(alerts.get(1).window().end()).isEqualTo(window(12).end());
    }

    @Test
    void aPriceChangeRaisesCostDriftThatSaysItWasThePrice() {
        // Given gpt-4.1 at $0.010 a call
        driver = new AlertDriver(CONFIG, stateDir);
        publish(0, 5, w -> gpt41());

        // When its price goes up 50 % on the control topic, and the scorer prices its calls at $0.015
        driver.setControl("price/gpt-4.1", "{\"input_per_mtok\": 3.0, \"output_per_mtok\": 12.0}");
        publish(6, 9, w -> model("gpt-4.1").cost(0.015).p95(900).errors(3));

        // Then one COST_DRIFT alert that names the price as the cause
        List<DriftAlert> alerts = driver.alerts();
        assertThat(alerts).hasSize(1);
        DriftAlert alert = alerts.get(0);
        assertThat(alert.type()).isEqualTo(AlertType.COST_DRIFT);
        assertThat(alert.dedupKey()).isEqualTo("COST_DRIFT/support/summarize-ticket/gpt-4.1");
        assertThat(alert.window()).isEqualTo(span(6, 8));
        assertThat(alert.summary()).isEqualTo("support/summarize-ticket: gpt-4.1 cost per call rose from $0.0100 to"
                + " $0.0150, +50 % (Page-Hinkley, n=1,800 priced calls) since 2026-11-02 14:00 UTC: a price change"
                + " (cost per token +50 %, tokens per call +0 %; price/gpt-4.1 is set on llmwatch.control)");
        assertThat(alert.evidence().costPerCallBefore()).isCloseTo(0.010, within(1e-12));
        assertThat(alert.evidence().costPerCallAfter()).isCloseTo(0.015, within(1e-12));
        // 600 calls an hour × 720 hours × −$0.005
        assertThat(alert.evidence().projectedMonthlySavings()).isCloseTo(-2_160, within(1e-6));
        assertThat(alert.evidence().details()).containsEntry("cause", "price_change")
                .containsEntry("tokens_per_call_before", 1000.0).containsEntry("tokens_per_call_after", 1000.0);
        assertThat(alert.evidence().details().get("price_entry").toString()).contains("price/gpt-4.1");
    }

    @Test
    void tokenInflationAtTheSamePriceIsCostDriftThatSaysItWasTheTokens() {
        // Given gpt-4.1 at 1,000 tokens and $0.010 a call
        driver = new AlertDriver(CONFIG, stateDir);
        publish(0, 5, w -> gpt41());

        // When its calls grow to 1,500 tokens at the same price per token
        publish(6, 9, w -> model("gpt-4.1").cost(0.015).tokens(1200, 300).p95(900).errors(3));

        // Then COST_DRIFT, caused by token inflation
        DriftAlert alert = driver.alerts().get(0);
        assertThat(alert.type()).isEqualTo(AlertType.COST_DRIFT);
        assertThat(alert.summary()).endsWith(": token inflation at the same price (cost per token +0 %, tokens per call +50 %)");
        assertThat(alert.evidence().details()).containsEntry("cause", "token_inflation")
                .containsEntry("tokens_per_call_after", 1500.0);
    }

    @Test
    void aSlowerP95FiresLatencyDriftAndResolves() {
        // Given gpt-4.1 with a p95 of 900 ms
        driver = new AlertDriver(CONFIG, stateDir);
        publish(0, 5, w -> gpt41());

        // When the p95 goes to 2,400 ms for two windows, then back
        publish(6, 7, w -> gpt41().p95(2400));
        publish(8, 9, w -> gpt41());

        // Then LATENCY_DRIFT fired once and resolved once
        List<DriftAlert> alerts = driver.alerts();
        assertThat(alerts).extracting(DriftAlert::type).containsOnly(AlertType.LATENCY_DRIFT);
        assertThat(alerts).extracting(DriftAlert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(alerts.get(0).summary()).isEqualTo("support/summarize-ticket: gpt-4.1 p95 latency rose from 900 ms"
                + " to 2,400 ms, +167 % (Page-Hinkley, n=1,200 calls) since 2026-11-02 14:00 UTC");
        assertThat(alerts.get(1).summary()).isEqualTo("support/summarize-ticket: gpt-4.1 p95 latency is back to 900 ms,"
                + " within 25 % of 900 ms for 2 samples; it had risen to 2,400 ms since 2026-11-02 14:00 UTC");
    }

    @Test
    void moreFailedCallsFireErrorRateDriftAndResolve() {
        // Given gpt-4.1 failing 0.5 % of its calls
        driver = new AlertDriver(CONFIG, stateDir);
        publish(0, 5, w -> gpt41());

        // When 12 % fail for three windows, then 0.5 % again
        publish(6, 8, w -> gpt41().errors(72));
        publish(9, 10, w -> gpt41());

        // Then ERROR_RATE_DRIFT fired once and resolved once
        List<DriftAlert> alerts = driver.alerts();
        assertThat(alerts).extracting(DriftAlert::type).containsOnly(AlertType.ERROR_RATE_DRIFT);
        assertThat(alerts).extracting(DriftAlert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(alerts.get(0).summary()).isEqualTo("support/summarize-ticket: gpt-4.1 error rate rose from 0.5 % to"
                + " 12.0 % (Page-Hinkley, n=1,200 calls) since 2026-11-02 14:00 UTC");
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void sparseWindowsArePooledUntilTheyCoverEnoughCalls() {
        // Given 10 calls a window: five windows make one sample of 50 calls
        driver = new AlertDriver(CONFIG, stateDir);
        publish(0, 14, w -> model("gpt-4.1").calls(10).cost(0.010).quality(wobble(0.918, w), 10));

        // When quality falls to 0.70 for ten windows (two samples; a smaller fall is within the noise of 50 calls)
        publish(15, 23, w -> model("gpt-4.1").calls(10).cost(0.010).quality(wobble(0.70, w), 10));
        assertThat(driver.alerts()).isEmpty();
        publish(24, 24, w -> model("gpt-4.1").calls(10).cost(0.010).quality(wobble(0.70, w), 10));

        // Then it fires with the window that completes the second sample, and covers both
        DriftAlert alert = driver.alerts().get(0);
        assertThat(alert.type()).isEqualTo(AlertType.QUALITY_DRIFT);
        assertThat(alert.window()).isEqualTo(span(15, 24));
        assertThat(alert.evidence().n()).isEqualTo(100);
    }

    @Test
    void aModelMissingFromTheCatalogIsPricedAsUnknownUntilItHasAPrice() {
        // Given a model that is in no price list: none of its calls has a cost
        driver = new AlertDriver(CONFIG, stateDir);
        publish(0, 1, w -> model("acme-llm-9"));

        // Then PRICE_UNKNOWN_OR_STALE fires once the second window confirms it
        List<DriftAlert> fired = driver.alerts();
        assertThat(fired).hasSize(1);
        DriftAlert alert = fired.get(0);
        assertThat(alert.type()).isEqualTo(AlertType.PRICE_UNKNOWN_OR_STALE);
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.dedupKey()).isEqualTo("PRICE_UNKNOWN_OR_STALE/support/summarize-ticket/acme-llm-9");
        assertThat(alert.summary()).isEqualTo("support/summarize-ticket: acme-llm-9 is priced as unknown: 600 of 600"
                + " calls in the window to 2026-11-02 10:00 UTC have no cost; it is not in the price catalog (as of"
                + " 2026-11-01) and llmwatch.control has no price/acme-llm-9");
        assertThat(alert.evidence().details()).containsEntry("reason", "unknown_model").containsEntry("unpriced_calls", 600);

        // When a live price is set and its calls are priced for two windows
        driver.setControl("price/acme-llm-9", "{\"input_per_mtok\": 1.0, \"output_per_mtok\": 4.0}");
        publish(2, 3, w -> model("acme-llm-9").cost(0.0016));

        // Then it resolves
        List<DriftAlert> resolved = driver.alerts();
        assertThat(resolved).extracting(DriftAlert::status).containsExactly(AlertStatus.RESOLVED);
        assertThat(resolved.get(0).summary()).isEqualTo("support/summarize-ticket: acme-llm-9 is priced properly again"
                + " (2 windows in a row with every call priced from a current list); it had been priced as unknown"
                + " since 2026-11-02 08:00 UTC");
    }

    @Test
    void oneWindowWithSomeCallsWithoutUsageFiresNothing() {
        // Given gpt-4.1 priced properly
        driver = new AlertDriver(CONFIG, stateDir);

        // When one window has five calls without token usage
        publish(0, 0, w -> gpt41());
        publish(1, 1, w -> gpt41().unpriced(5));
        publish(2, 4, w -> gpt41());

        // Then no alert
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void aCatalogOlderThanItsMaxAgeIsStaleAtOnceUntilALivePriceReplacesIt() {
        // Given prices at most 0 days old, and the bundled catalog as of 2026-11-01
        driver = new AlertDriver(CONFIG + "prices: {max_age_days: 0}\n", stateDir);

        // When gpt-4.1 is priced from it on 2026-11-02
        publish(0, 0, w -> gpt41());

        // Then PRICE_UNKNOWN_OR_STALE fires at once, as information
        DriftAlert alert = driver.alerts().get(0);
        assertThat(alert.type()).isEqualTo(AlertType.PRICE_UNKNOWN_OR_STALE);
        assertThat(alert.severity()).isEqualTo(Severity.INFO);
        assertThat(alert.summary()).isEqualTo("support/summarize-ticket: gpt-4.1 is priced from a catalog as of 2026-11-01,"
                + " 1 day old, over prices.max_age_days = 0; set price/gpt-4.1 on llmwatch.control or load a current catalog");

        // When a live price replaces the catalog's for two windows
        publish(1, 1, w -> gpt41());
        driver.setControl("price/gpt-4.1", "{\"input_per_mtok\": 2.0, \"output_per_mtok\": 8.0}");
        publish(2, 3, w -> gpt41());

        // Then it resolves, and was not re-sent in between
        assertThat(driver.alerts()).extracting(DriftAlert::status).containsExactly(AlertStatus.RESOLVED);
    }
}
