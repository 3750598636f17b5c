package io.llmwatch.app.bench;

import io.llmwatch.app.bench.ThroughputRounds.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The warm rounds of {@code bench --warm-rounds N}, each figure as its median and range over them.
 * On a machine shared with other work one round can be off by 2× (the same binary gave warm ratios
 * of 0.16 and 0.37 back to back), so a figure that several alternated rounds agree on is the one to
 * judge a goal or a lever by. Ratios are taken per pair (a baseline round and the scorer round right
 * after it), then their median: neighbours' load changes between pairs more than within one.
 *
 * @param rounds                   warm rounds of each topology
 * @param baselineCallsPerSecond   the baseline's wall-clock rate
 * @param scorerCallsPerSecond     the scorer's wall-clock rate
 * @param scorerSteadyCallsPerSecond the scorer's steady rate ({@link SteadyRate}); null if no round had one
 * @param ratio                    scorer over baseline, wall clock, per pair
 * @param steadyRatio              scorer over baseline, steady rate, per pair where both had one; null if none
 * @param cpuRatio                 baseline's CPU per call over the scorer's, per pair
 * @param floorCallsPerSecond      the contract floor's wall-clock rate; null without {@code --floor}
 * @param scorerToFloor            scorer over floor, wall clock, per round; null without {@code --floor}
 */
record WarmRounds(int rounds, Spread baselineCallsPerSecond, Spread scorerCallsPerSecond, Spread scorerSteadyCallsPerSecond,
                  Spread ratio, Spread steadyRatio, Spread cpuRatio, Spread floorCallsPerSecond, Spread scorerToFloor) {

    /** Where the warm pairs begin in the bench's results: after the producer and the cold pair. */
    static final int FIRST_WARM = 3;

    /**
     * @param results the producer, the cold baseline and scorer, then each warm round's baseline and scorer
     * @param floors  the floor's rounds, cold first; empty without {@code --floor}
     */
    static WarmRounds of(List<Result> results, List<Result> floors) {
        List<Result> baselines = new ArrayList<>();
        List<Result> scorers = new ArrayList<>();
        for (int i = FIRST_WARM; i + 1 < results.size(); i += 2) {
            baselines.add(results.get(i));
            scorers.add(results.get(i + 1));
        }
        List<Double> ratios = new ArrayList<>();
        List<Double> steadyRatios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        for (int i = 0; i < scorers.size(); i++) {
            Result baseline = baselines.get(i);
            Result scorer = scorers.get(i);
            ratios.add(scorer.callsPerSecond() / baseline.callsPerSecond());
            Double steadyRatio = ThroughputRounds.ratio(scorer.steadyCallsPerSecond(), baseline.steadyCallsPerSecond());
            if (steadyRatio != null) {
                steadyRatios.add(steadyRatio);
            }
            cpuRatios.add(baseline.cpuMicrosPerCall() / scorer.cpuMicrosPerCall());
        }
        List<Result> warmFloors = floors.isEmpty() ? List.of() : floors.subList(1, floors.size());
        List<Double> scorerToFloor = new ArrayList<>();
        for (int i = 0; i < warmFloors.size() && i < scorers.size(); i++) {
            scorerToFloor.add(scorers.get(i).callsPerSecond() / warmFloors.get(i).callsPerSecond());
        }
        return new WarmRounds(scorers.size(), Spread.of(values(baselines, Result::callsPerSecond)),
                Spread.of(values(scorers, Result::callsPerSecond)), Spread.of(values(scorers, Result::steadyCallsPerSecond)),
                Spread.of(ratios), Spread.of(steadyRatios), Spread.of(cpuRatios),
                Spread.of(values(warmFloors, Result::callsPerSecond)), Spread.of(scorerToFloor));
    }

    private static List<Double> values(List<Result> rounds, Function<Result, Double> figure) {
        return rounds.stream().map(figure).filter(Objects::nonNull).toList();
    }

    /** A figure's median (the mean of the middle two for an even count), least and greatest. */
    record Spread(double median, double min, double max) {

        /** Null for no values. */
        static Spread of(List<Double> values) {
            if (values.isEmpty()) {
                return null;
            }
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Spread(median, sorted.get(0), sorted.get(n - 1));
        }
    }
}
