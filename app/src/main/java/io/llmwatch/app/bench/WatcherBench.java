package io.llmwatch.app.bench;

import io.llmwatch.config.AlertsConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.drift.watch.WatcherSimulation;
import io.llmwatch.stats.DecisionSimulation;
import io.llmwatch.stats.DecisionSimulation.Rate;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The drift watchers' part of the decisions section (docs/decisions.md): false alerts of one model's
 * watchers (quality, cost, p95 latency, error rate) on seeded stationary one-minute windows at the
 * default settings and several {@code min_calls}, and of a candidate's paired comparison (alerted by
 * its change detector's falls), against issue 10's goal of at most one per 30 days (43,200 windows),
 * with the 95 % Clopper–Pearson upper bound; and the windows
 * a quality fall takes to fire with the watchers' Page-Hinkley detector, against {@code confirm_windows},
 * which no detector (CUSUM included) can beat.
 */
final class WatcherBench {

    static final int MONTH = 43_200;
    static final int STREAMS = 10;
    static final int WINDOWS = 43_200;
    static final int DELAY_STREAMS = 200;
    static final int CAP = 500;
    static final int STABLE = 300;
    static final int PAIRS_PER_WINDOW = 10;

    private WatcherBench() {
    }

    static void run(PrintStream out) {
        double margin = TaskConfig.BUILT_IN.margin();
        out.printf("%nDrift watchers at the defaults: %d models x %,d stationary one-minute windows each, windows of exactly"
                + " min_calls calls.%n", STREAMS, WINDOWS);
        out.printf("%-10s %-10s %-52s %-28s %s%n", "min_calls", "fired", "by figure", "per model per 30 days", "goal");
        for (long minCalls : new long[] {1, 10, 50, 100, 200}) {
            WatcherSimulation.Result result = WatcherSimulation.stationary(alerts(minCalls), margin, minCalls, STREAMS,
                    WINDOWS, 20);
            Rate rate = new Rate(result.fired(), (long) STREAMS * WINDOWS);
            out.printf(Locale.ROOT, "%-10d %-10d %-52s %-28s %s%n", minCalls, result.fired(), result.byFigure(),
                    String.format(Locale.ROOT, "%.2f (CP up %.2f)", rate.value() * MONTH, rate.upper95() * MONTH), "<= 1");
            out.flush();
        }
        out.printf("%nPaired comparisons at delta 0: %d comparisons x %,d one-minute windows of %d judged pairs, alerts from"
                + " the change detector's falls.%n", STREAMS, WINDOWS, PAIRS_PER_WINDOW);
        for (double shared : new double[] {0.8, 0}) {
            WatcherSimulation.Result result = WatcherSimulation.pairedStationary(margin, shared, PAIRS_PER_WINDOW, STREAMS,
                    WINDOWS, 40);
            Rate rate = new Rate(result.fired(), (long) STREAMS * WINDOWS);
            out.printf(Locale.ROOT, "%-30s %-10d %-28s %s%n", shared == 0 ? "independent scores" : "partially correlated",
                    result.fired(), String.format(Locale.ROOT, "%.2f (CP up %.2f)", rate.value() * MONTH,
                            rate.upper95() * MONTH), "<= 1 per comparison per 30 days");
            out.flush();
        }
        out.printf("%nWindows from a quality fall (0/1 scores, right 0.7 -> 0.7 - drop) to QUALITY_DRIFT, %d streams,"
                + " after %d stable windows:%n", DELAY_STREAMS, STABLE);
        out.printf("%-28s %-26s %s%n", "case", "page-hinkley", "no detector can fire sooner than");
        delays(out, margin, 50, 0.25);
        delays(out, margin, 50, 0.15);
        delays(out, margin, 500, 0.06);
        delays(out, margin, 2_000, 0.04);
    }

    private static void delays(PrintStream out, double margin, long calls, double drop) {
        AlertsConfig alerts = alerts(calls);
        long[] ph = WatcherSimulation.qualityDelays(alerts, margin, calls, DELAY_STREAMS, STABLE, drop, CAP, 30);
        out.printf(Locale.ROOT, "%-28s %-26s %d (confirm_windows)%n",
                String.format(Locale.ROOT, "%,d calls, drop %.2f", calls, drop), spread(ph), alerts.confirmWindows());
        out.flush();
    }

    private static String spread(long[] sorted) {
        return "median " + windows(DecisionSimulation.quantile(sorted, 0.5)) + ", p90 "
                + windows(DecisionSimulation.quantile(sorted, 0.9));
    }

    /** A delay, or "> cap" for a fall not reported within the cap. */
    private static String windows(long delay) {
        return delay >= CAP ? "> " + CAP : Long.toString(delay);
    }

    /** The defaults with this min_calls. */
    private static AlertsConfig alerts(long minCalls) {
        return new AlertsConfig(null, null, minCalls, null, null, null, null, null, null, null).orElse(AlertsConfig.DEFAULT);
    }
}
