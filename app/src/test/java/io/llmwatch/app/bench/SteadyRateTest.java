package io.llmwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.app.bench.SteadyRate.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SteadyRate#callsPerSecond}: the slope of the processed count between 10 % and 90 % of the
 * round's calls, from a synthetic series of samples (no broker, no clock).
 */
class SteadyRateTest {

    private static final long MS = 1_000_000L;

    @Test
    void aSlowStartAndAFlatTailGiveTheMiddleSlopeExactly() {
        // Given 1,000 calls: 2 s of start-up at 10 calls/s, then 5,000 calls/s until all are processed,
        // then a flat 2 s tail (the commits), sampled every 25 ms off the phase boundaries
        long calls = 1_000;
        List<Sample> samples = new ArrayList<>();
        for (long t = 7; t < 6_000; t += 25) {
            samples.add(new Sample(t * MS, processed(t, calls)));
        }

        // When the steady rate is taken, the round beginning at the first sample
        Double rate = SteadyRate.callsPerSecond(samples, calls, samples.get(0).nanos());

        // Then it is the middle's 5,000 calls/s, not the round's mean (1,000 calls over 6 s)
        assertThat(rate).isCloseTo(5_000.0, within(1e-6));
    }

    /** 10 calls/s for 2 s, then 5,000 calls/s up to {@code calls}, then flat. */
    private static long processed(long millis, long calls) {
        if (millis <= 2_000) {
            return millis / 100;
        }
        return Math.min(calls, 20 + (millis - 2_000) * 5);
    }

    @Test
    void callsProcessedBeforeTheRoundBeganAreNotItsOwn() {
        // Given 1,000 calls of which a first instance processed 400 at 2,000 calls/s while a second joined,
        // then none during the rebalance, the round beginning at 1 s, then 800 calls/s to the end
        long calls = 1_000;
        List<Sample> samples = new ArrayList<>();
        for (long t = 0; t <= 3_000; t += 25) {
            long processed = t <= 200 ? t * 2 : t <= 1_250 ? 400 : Math.min(calls, 400 + (t - 1_250) * 4 / 5);
            samples.add(new Sample(t * MS, processed));
        }

        // When the steady rate is taken from the round's beginning
        Double rate = SteadyRate.callsPerSecond(samples, calls, 1_000 * MS);

        // Then it is the slope of the 600 calls left, between 10 % and 90 % of them: not lowered by the pause
        assertThat(rate).isCloseTo(800.0, within(1e-6));
    }

    @Test
    void theWholeRoundBetweenTwoSamplesStillGivesARate() {
        // Given a round so short that one sampling period held all of it
        List<Sample> samples = List.of(new Sample(0, 0), new Sample(25 * MS, 2_000), new Sample(50 * MS, 2_000));

        // Then the rate is that period's
        assertThat(SteadyRate.callsPerSecond(samples, 2_000, 0)).isCloseTo(80_000.0, within(1e-6));
    }

    @Test
    void noRateWhenTheSamplesDoNotBracketBothCrossings() {
        // no sample before the round began: its count then is unknown
        assertThat(SteadyRate.callsPerSecond(List.of(new Sample(MS, 500), new Sample(2 * MS, 1_000)), 1_000, 0)).isNull();
        // never reached 90 %
        assertThat(SteadyRate.callsPerSecond(List.of(new Sample(0, 0), new Sample(MS, 800)), 1_000, 0)).isNull();
        // every call processed before the round began: it has no steady part
        assertThat(SteadyRate.callsPerSecond(List.of(new Sample(0, 1_000), new Sample(MS, 1_000)), 1_000, MS)).isNull();
        assertThat(SteadyRate.callsPerSecond(List.of(), 1_000, 0)).isNull();
    }
}
