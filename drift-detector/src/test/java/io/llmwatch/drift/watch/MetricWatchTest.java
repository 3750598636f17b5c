package io.llmwatch.drift.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.drift.watch.MetricWatch.Outcome;
import io.llmwatch.event.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link MetricWatch} on seeded synthetic window means: what fires, when, and what does not. */
class MetricWatchTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** Quality band 0.02, two samples to confirm, δ = band / 2, λ = 3 bands: the defaults. */
    private static final MetricWatch.Settings SETTINGS = new MetricWatch.Settings(0.02, 2, 0.5, 3);

    /** Feeds the values as one-minute samples of 500 calls and returns the outcome of each. */
    private static List<Outcome> watch(double[] values) {
        MetricWatch watch = MetricWatch.NEW;
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Instant start = T0.plus(Duration.ofMinutes(i));
            MetricWatch.Step step = watch.observe(WatchedMetric.QUALITY,
                    new Sample(new TimeWindow(start, start.plus(Duration.ofMinutes(1))), 500, values[i], null), SETTINGS);
            outcomes.add(step.outcome());
            watch = step.next();
        }
        return outcomes;
    }

    /** Window means of quality around {@code mean}: per-call σ 0.15 over 500 calls. */
    private static double[] stream(long seed, int length, double mean, int changeAt, double shift) {
        Random random = new Random(seed);
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = mean + (i >= changeAt ? shift : 0) + random.nextGaussian() * 0.15 / Math.sqrt(500);
        }
        return values;
    }

    private static int firstFired(List<Outcome> outcomes) {
        return outcomes.indexOf(Outcome.FIRED);
    }

    @Test
    void aStationaryStreamNeverFires() {
        // Given 20 seeded streams of 5,000 window means each, without a change
        for (long seed = 1; seed <= 20; seed++) {
            // Then nothing fires
            assertThat(watch(stream(seed, 5_000, 0.9, Integer.MAX_VALUE, 0))).doesNotContain(Outcome.FIRED);
        }
    }

    @Test
    void aDropOfTwoBandsFiresOnceWithinAFewSamples() {
        for (long seed = 1; seed <= 20; seed++) {
            // Given quality 0.9 that drops by 0.04 at sample 200 and stays there
            List<Outcome> outcomes = watch(stream(seed, 400, 0.9, 200, -0.04));

            // Then it fires once, 2 to 6 samples after the drop, and never resolves
            assertThat(firstFired(outcomes)).isBetween(201, 206);
            assertThat(outcomes.stream().filter(o -> o == Outcome.FIRED)).hasSize(1);
            assertThat(outcomes).doesNotContain(Outcome.RESOLVED);
        }
    }

    @Test
    void aDropSmallerThanTheBandIsFollowedNotReported() {
        for (long seed = 1; seed <= 20; seed++) {
            // Given quality that drops by half the band
            List<Outcome> outcomes = watch(stream(seed, 1_000, 0.9, 200, -0.01));

            // Then nothing fires
            assertThat(outcomes).doesNotContain(Outcome.FIRED);
        }
    }

    @Test
    void aDropThatRecoversResolvesOnceAfterTwoSamplesBack() {
        // Given a drop by 0.05 from sample 100 to 119
        double[] values = stream(7, 200, 0.9, 100, 0);
        for (int i = 100; i < 120; i++) {
            values[i] -= 0.05;
        }

        // Then it fires during the drop, and resolves at the second sample back
        List<Outcome> outcomes = watch(values);
        assertThat(firstFired(outcomes)).isBetween(101, 105);
        assertThat(outcomes.indexOf(Outcome.RESOLVED)).isEqualTo(121);
        assertThat(outcomes.stream().filter(o -> o == Outcome.RESOLVED)).hasSize(1);
    }
}
