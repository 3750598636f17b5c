package io.llmwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.app.bench.ThroughputRounds.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmRoundsTest {

    private static final long CALLS = 100_000;

    /** A round of CALLS calls that ran at {@code callsPerSecond}, with the given steady rate and CPU per call. */
    private static Result round(String name, double callsPerSecond, Double steady, double cpuMicrosPerCall) {
        return new Result(name, CALLS, CALLS / callsPerSecond, null, 0L, cpuMicrosPerCall, cpuMicrosPerCall / 2, steady);
    }

    @Test
    void eachFigureIsTheMedianOverTheWarmRoundsAndRatiosAreTakenPerPair() {
        // Given the producer, a cold pair, then three warm pairs, one of them on a machine that was busy for both rounds
        List<Result> results = List.of(
                new Result("producer", CALLS, 2, 2_400.0, null, null, null, null),
                round("cold: baseline", 50_000, 60_000.0, 20), round("cold: scorer", 10_000, 12_000.0, 100),
                round("warm: baseline", 80_000, 120_000.0, 10), round("warm: scorer", 40_000, 48_000.0, 40),
                round("warm-2: baseline", 40_000, 60_000.0, 20), round("warm-2: scorer", 20_000, null, 80),
                round("warm-3: baseline", 90_000, 130_000.0, 9), round("warm-3: scorer", 36_000, 52_000.0, 45));

        // When the warm rounds are summarised
        WarmRounds warm = WarmRounds.of(results, List.of());

        // Then the cold pair and the producer are left out, and each figure is the median of the three
        assertThat(warm.rounds()).isEqualTo(3);
        assertThat(warm.baselineCallsPerSecond().median()).isCloseTo(80_000, within(1e-6));
        assertThat(warm.baselineCallsPerSecond().min()).isCloseTo(40_000, within(1e-6));
        assertThat(warm.baselineCallsPerSecond().max()).isCloseTo(90_000, within(1e-6));
        assertThat(warm.scorerCallsPerSecond().median()).isCloseTo(36_000, within(1e-6));
        // ratios per pair (0.5, 0.5, 0.4): the busy pair's ratio is as good as the others', though its rates are not
        assertThat(warm.ratio().median()).isCloseTo(0.5, within(1e-9));
        assertThat(warm.ratio().min()).isCloseTo(0.4, within(1e-9));
        // a pair whose scorer had no steady rate has no steady ratio: the median of the two others
        assertThat(warm.scorerSteadyCallsPerSecond().median()).isCloseTo(50_000, within(1e-6));
        assertThat(warm.steadyRatio().median()).isCloseTo((0.4 + 0.4) / 2, within(1e-9));
        // baseline's CPU per call over the scorer's: 0.25, 0.25, 0.2
        assertThat(warm.cpuRatio().median()).isCloseTo(0.25, within(1e-9));
        assertThat(warm.floorCallsPerSecond()).isNull();
        assertThat(warm.scorerToFloor()).isNull();
    }

    @Test
    void theFloorsWarmRoundsArePairedWithTheScorersAndAnEvenCountTakesTheMiddleTwo() {
        List<Result> results = List.of(
                new Result("producer", CALLS, 2, 2_400.0, null, null, null, null),
                round("cold: baseline", 50_000, null, 20), round("cold: scorer", 10_000, null, 100),
                round("warm: baseline", 80_000, null, 10), round("warm: scorer", 40_000, null, 40),
                round("warm-2: baseline", 60_000, null, 12), round("warm-2: scorer", 30_000, null, 50));
        List<Result> floors = List.of(round("cold: floor", 30_000, null, 30), round("warm: floor", 80_000, null, 20),
                round("warm-2: floor", 50_000, null, 22));

        WarmRounds warm = WarmRounds.of(results, floors);

        assertThat(warm.scorerCallsPerSecond().median()).isCloseTo(35_000, within(1e-6));
        assertThat(warm.floorCallsPerSecond().median()).isCloseTo(65_000, within(1e-6));
        // scorer over floor per warm round: 0.5 and 0.6
        assertThat(warm.scorerToFloor().median()).isCloseTo(0.55, within(1e-9));
        assertThat(warm.scorerSteadyCallsPerSecond()).isNull();
        assertThat(warm.steadyRatio()).isNull();
    }
}
