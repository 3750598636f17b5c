package io.llmwatch.drift.watch;

import io.llmwatch.config.AlertsConfig;
import io.llmwatch.drift.watch.MetricWatch.Outcome;
import io.llmwatch.drift.watch.MetricWatch.Step;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Seeded stationary streams of one-minute windows through the production watchers
 * ({@link ModelWatchProcessor#observe}, {@link CandidateWatchProcessor#advance}, {@link MetricWatch}),
 * counting the conditions that fire: each is an alert on {@code llmwatch.alerts}, since the alert
 * lifecycle sends every new condition once (and re-sends one only after {@code alerts.cooldown}, which
 * the firing samples bound). Nothing changes in these streams, so every firing is a false alarm.
 *
 * <p>Per window, each of {@code calls} calls has a 0/1 judge score (right with probability 0.7, the
 * noisiest kind of quality score for its mean), fails with probability 0.02, costs a log-normal amount
 * (median $0.002, σ of the log 1.0, so the mean of a few calls is skewed) and takes a log-normal time
 * (median 800 ms, σ of the log 0.5); the window's p95 comes from the production
 * {@link LatencyHistogram}. The candidate's paired deltas have shared difficulty: a prompt of
 * difficulty u ~ U(0, 1) is answered right by the incumbent when u < 0.7, by the candidate when u′ <
 * 0.7, u′ = u for 80 % of prompts and an independent draw otherwise; {@code calls} new pairs a window.
 */
public final class WatcherSimulation {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);

    /**
     * What the stationary streams raised.
     *
     * @param windows        one-minute windows simulated (per model)
     * @param fired          conditions that fired, over every figure of every model
     * @param firingSamples  samples on which a condition held (an upper bound of cooldown re-sends)
     * @param byFigure       conditions fired per figure
     */
    public record Result(long windows, long fired, long firingSamples, Map<String, Long> byFigure) {
    }

    private WatcherSimulation() {
    }

    /**
     * Runs {@code streams} models (and one candidate each) for {@code windows} one-minute windows of
     * {@code calls} calls each.
     *
     * @param margin the task's margin, the quality band unless {@code alerts.quality_band} is set
     */
    public static Result stationary(AlertsConfig alerts, double margin, long calls, int streams, int windows, long seed) {
        long fired = 0;
        long firing = 0;
        Map<String, Long> byFigure = new HashMap<>();
        for (int s = 0; s < streams; s++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + s);
            Map<WatchedMetric, Pool> pools = new EnumMap<>(WatchedMetric.class);
            Map<WatchedMetric, MetricWatch> watches = new EnumMap<>(WatchedMetric.class);
            CandidateWatch candidate = CandidateWatch.against("incumbent");
            long pairs = 0;
            double deltaSum = 0;
            double pairedBand = WatchedMetric.PAIRED_QUALITY.band(alerts, margin);
            for (int w = 0; w < windows; w++) {
                Instant start = T0.plus(WINDOW.multipliedBy(w));
                TimeWindow window = new TimeWindow(start, start.plus(WINDOW));
                ModelStats stats = window(random, window, calls, 0.7);
                for (WatchedMetric metric : ModelWatchProcessor.FIGURES) {
                    Optional<Step> step = ModelWatchProcessor.observe(metric, stats, alerts, metric.band(alerts, margin),
                            pools, watches);
                    if (step.isPresent()) {
                        fired += count(step.get(), metric, byFigure);
                        firing += step.get().outcome() == Outcome.STILL_FIRING ? 1 : 0;
                    }
                }
                for (long p = 0; p < calls; p++) {
                    deltaSum += pairedDelta(random);
                }
                pairs += calls;
                CandidateWatchProcessor.Advance advance = CandidateWatchProcessor.advance(candidate,
                        comparison(pairs, deltaSum / pairs, margin, window.end()), alerts, pairedBand);
                candidate = advance.next();
                if (advance.step() != null) {
                    fired += count(advance.step(), WatchedMetric.PAIRED_QUALITY, byFigure);
                    firing += advance.step().outcome() == Outcome.STILL_FIRING ? 1 : 0;
                }
            }
        }
        return new Result(windows, fired, firing, byFigure);
    }

    private static int count(Step step, WatchedMetric metric, Map<String, Long> byFigure) {
        if (step.outcome() != Outcome.FIRED) {
            return 0;
        }
        byFigure.merge(metric.label(), 1L, Long::sum);
        return 1;
    }

    /**
     * Windows to detect a fall of quality: each stream is stationary for {@code stable} windows, then the
     * chance of a right answer falls from 0.7 by {@code drop}; the figure is the windows from the fall to
     * the firing of its QUALITY_DRIFT (the window that fires counts), or {@code cap} when it never fires
     * within {@code cap} windows. Sorted.
     */
    public static long[] qualityDelays(AlertsConfig alerts, double margin, long calls, int streams, int stable,
            double drop, int cap, long seed) {
        long[] delays = new long[streams];
        for (int s = 0; s < streams; s++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + s);
            Map<WatchedMetric, Pool> pools = new EnumMap<>(WatchedMetric.class);
            Map<WatchedMetric, MetricWatch> watches = new EnumMap<>(WatchedMetric.class);
            delays[s] = cap;
            for (int w = 0; w < stable + cap; w++) {
                Instant start = T0.plus(WINDOW.multipliedBy(w));
                ModelStats stats = window(random, new TimeWindow(start, start.plus(WINDOW)), calls, w < stable ? 0.7 : 0.7 - drop);
                Optional<Step> step = ModelWatchProcessor.observe(WatchedMetric.QUALITY, stats, alerts,
                        WatchedMetric.QUALITY.band(alerts, margin), pools, watches);
                if (w >= stable && step.isPresent() && step.get().outcome() == Outcome.FIRED) {
                    delays[s] = w - stable + 1;
                    break;
                }
            }
        }
        Arrays.sort(delays);
        return delays;
    }

    private static ModelStats window(SplittableRandom random, TimeWindow window, long calls, double quality) {
        long right = 0;
        long errors = 0;
        double cost = 0;
        LatencyHistogram latency = new LatencyHistogram();
        for (long c = 0; c < calls; c++) {
            right += random.nextDouble() < quality ? 1 : 0;
            errors += random.nextDouble() < 0.02 ? 1 : 0;
            cost += 0.002 * Math.exp(gaussian(random));
            latency.add(800 * Math.exp(0.5 * gaussian(random)));
        }
        return new ModelStats(null, "app", "task", "model", window, calls, errors, calls, 0, cost, cost / calls,
                calls * 800, calls * 200, null, latency.quantile(0.95), (double) right / calls, calls, latency);
    }

    private static int pairedDelta(SplittableRandom random) {
        double u = random.nextDouble();
        double other = random.nextDouble() < 0.8 ? u : random.nextDouble();
        return (other < 0.7 ? 1 : 0) - (u < 0.7 ? 1 : 0);
    }

    private static Comparison comparison(long n, double mean, double margin, Instant at) {
        return Comparison.builder().app("app").taskType("task").incumbent("incumbent").candidate("candidate")
                .judge("exact").margin(margin).n(n).meanDelta(mean).replays(n).updatedAt(at).build();
    }

    /** A standard normal draw (Box–Muller). */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
