package io.llmwatch.drift.watch;

import io.llmwatch.config.AlertsConfig;
import io.llmwatch.detect.ChangeDirection;
import io.llmwatch.drift.watch.MetricWatch.Outcome;
import io.llmwatch.drift.watch.MetricWatch.Step;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.Interval;
import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.event.Verdict;
import io.llmwatch.stats.PairedDeltas;
import io.llmwatch.stats.SequentialEvidence;
import io.llmwatch.stats.Shift;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded stationary streams of one-minute windows through the production watchers
 * ({@link ModelWatchProcessor#observe}, {@link MetricWatch}; for a candidate's paired deltas,
 * {@link SequentialEvidence} and {@link CandidateWatchProcessor#advance}), counting the conditions that fire: each is an alert on {@code llmwatch.alerts}, since the alert
 * lifecycle sends every new condition once (and re-sends one only after {@code alerts.cooldown}, which
 * the firing samples bound). Nothing changes in these streams, so every firing is a false alarm.
 *
 * <p>Per window, each of {@code calls} calls has a 0/1 judge score (right with probability 0.7, the
 * noisiest kind of quality score for its mean), fails with probability 0.02, costs a log-normal amount
 * (median $0.002, σ of the log 1.0, so the mean of a few calls is skewed) and takes a log-normal time
 * (median 800 ms, σ of the log 0.5); the window's p95 comes from the production
 * {@link LatencyHistogram}. A candidate's paired deltas ({@link #pairedStationary}) come from a prompt
 * difficulty: a prompt of difficulty u ~ U(0, 1) is answered right by the incumbent when u < 0.7, by
 * the candidate when u′ < 0.7, u′ = u for a share of prompts and an independent draw otherwise.
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

    /**
     * The values one watched figure's detector is fed, on its scale ({@link WatchedMetric#scale}: log for
     * cost and p95 latency).
     *
     * @param figure how people call the figure
     * @param badUp  whether a rise is the bad direction (cost, latency, error rate) rather than a fall (quality)
     * @param values one per sample
     */
    public record FigureSamples(String figure, boolean badUp, double[] values) {
    }

    private WatcherSimulation() {
    }

    /**
     * What each figure's detector sees on {@code windows} stationary one-minute windows of {@code calls}
     * calls, with {@code alerts.min_calls} = {@code calls} so that each window is one sample: the same calls
     * as {@link #stationary}, through the production pooling ({@link ModelWatchProcessor#contribution},
     * {@link Pool#sample}) and scale.
     */
    public static List<FigureSamples> stationarySamples(long calls, int windows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<WatchedMetric, double[]> values = new EnumMap<>(WatchedMetric.class);
        ModelWatchProcessor.FIGURES.forEach(metric -> values.put(metric, new double[windows]));
        for (int w = 0; w < windows; w++) {
            Instant start = T0.plus(WINDOW.multipliedBy(w));
            ModelStats stats = window(random, new TimeWindow(start, start.plus(WINDOW)), calls, 0.7);
            for (WatchedMetric metric : ModelWatchProcessor.FIGURES) {
                Sample sample = Pool.of(ModelWatchProcessor.contribution(metric, stats).orElseThrow()).sample(metric);
                values.get(metric)[w] = metric.scale(sample.value());
            }
        }
        return ModelWatchProcessor.FIGURES.stream()
                .map(metric -> new FigureSamples(metric.label(), metric.bad() == ChangeDirection.UP, values.get(metric)))
                .toList();
    }

    /**
     * Runs {@code streams} models for {@code windows} one-minute windows of {@code calls} calls each.
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
            }
        }
        return new Result(windows, fired, firing, byFigure);
    }

    /**
     * Runs {@code streams} stationary comparisons of a candidate with its incumbent (true mean delta
     * 0) for {@code windows} one-minute windows of {@code pairs} judged pairs each, through the
     * production {@link SequentialEvidence} (at the default alpha) and
     * {@link CandidateWatchProcessor#advance}. The comparison is published as the scorer does: at once
     * after a fall, and at the end of every window. Every paired QUALITY_DRIFT that fires is false.
     *
     * @param shared probability that the candidate sees the incumbent's prompt difficulty (1: the
     *               scores are as correlated as 0/1 scores can be; 0: independent)
     */
    public static Result pairedStationary(double margin, double shared, int pairs, int streams, int windows, long seed) {
        long[][] counts = IntStream.range(0, streams).parallel().mapToObj(s -> {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + s);
            SequentialEvidence evidence = new SequentialEvidence();
            CandidateWatch watch = null;
            long fired = 0;
            long firing = 0;
            for (int w = 0; w < windows; w++) {
                Instant end = T0.plus(WINDOW.multipliedBy(w + 1));
                for (int p = 0; p < pairs; p++) {
                    if (evidence.add(pairedDelta(random, shared)) && evidence.lastShift() == Shift.DOWN) {
                        CandidateWatchProcessor.Advance advance = CandidateWatchProcessor.advance(watch,
                                comparison(evidence, margin, end), margin);
                        watch = advance.next();
                        fired += advance.fired() ? 1 : 0;
                    }
                }
                CandidateWatchProcessor.Advance advance = CandidateWatchProcessor.advance(watch,
                        comparison(evidence, margin, end), margin);
                watch = advance.next();
                fired += advance.fired() ? 1 : 0;
                firing += watch.firing() ? 1 : 0;
            }
            return new long[] {fired, firing};
        }).toArray(long[][]::new);
        long fired = Arrays.stream(counts).mapToLong(c -> c[0]).sum();
        long firing = Arrays.stream(counts).mapToLong(c -> c[1]).sum();
        return new Result(windows, fired, firing, fired == 0 ? Map.of() : Map.of("paired quality", fired));
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

    private static int pairedDelta(SplittableRandom random, double shared) {
        double u = random.nextDouble();
        double other = random.nextDouble() < shared ? u : random.nextDouble();
        return (other < 0.7 ? 1 : 0) - (u < 0.7 ? 1 : 0);
    }

    /** The comparison the scorer would publish: what the watch reads of it. */
    private static Comparison comparison(SequentialEvidence evidence, double margin, Instant at) {
        PairedDeltas deltas = evidence.current();
        boolean any = deltas.n() > 0;
        Interval sequence = any ? deltas.anytimeInterval() : null;
        return Comparison.builder().app("app").taskType("task").incumbent("incumbent").candidate("candidate")
                .judge("exact").margin(margin).n(deltas.n()).meanDelta(any ? deltas.mean() : null)
                .confidenceSequence(sequence).verdict(sequence == null ? null : Verdict.of(sequence, margin))
                .replays(evidence.lifetimePairs()).updatedAt(at).state(evidence.state(margin))
                .restarts(evidence.restarts()).alarm(evidence.lastAlarm()).build();
    }

    /** A standard normal draw (Box–Muller). */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
