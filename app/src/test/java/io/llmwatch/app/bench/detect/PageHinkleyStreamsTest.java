package io.llmwatch.app.bench.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.detect.Change;
import io.llmwatch.detect.ChangeDirection;
import io.llmwatch.detect.PageHinkley;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Page-Hinkley at its defaults on the seeded streams of {@link SyntheticStreams}, beside CUSUM and ADWIN
 * on the same streams ({@link CusumTest}, {@link AdwinTest}): the figures of {@link PageHinkley}'s Javadoc.
 */
class PageHinkleyStreamsTest {

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 4})
    void reportsAStepInTheMeanOnceWithinItsDelay(long seed) {
        PageHinkley detector = new PageHinkley();

        DetectorTrial trial = DetectorTrial.run(detector::update, SyntheticStreams.step(seed));

        assertThat(trial.falseAlarms()).isZero();
        assertThat(trial.repeats()).isZero();
        assertThat(trial.delays()).singleElement().satisfies(d -> assertThat(d.getAsInt()).isBetween(150, 400));
        Change change = detector.lastChange().orElseThrow();
        assertThat(change.direction()).isEqualTo(ChangeDirection.UP);
        assertThat(change.before()).isBetween(0.45, 0.55);
        assertThat(change.after()).isBetween(0.65, 0.75);
    }

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 4})
    void reportsABernoulliSwitchOnceWithinItsDelay(long seed) {
        PageHinkley detector = new PageHinkley();

        DetectorTrial trial = DetectorTrial.run(detector::update, SyntheticStreams.bernoulliSwitch(seed));

        assertThat(trial.falseAlarms()).isZero();
        assertThat(trial.repeats()).isZero();
        assertThat(trial.delays()).singleElement().satisfies(d -> assertThat(d.getAsInt()).isBetween(20, 120));
        Change change = detector.lastChange().orElseThrow();
        assertThat(change.direction()).isEqualTo(ChangeDirection.UP);
        assertThat(change.before()).isBetween(0.15, 0.25);
        assertThat(change.after()).isGreaterThan(0.3);
    }

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 4})
    void reportsEachChangeOfAlternatingBlocksInItsDirection(long seed) {
        PageHinkley detector = new PageHinkley();
        LabelledStream stream = SyntheticStreams.alternatingBlocks(seed);

        DetectorTrial trial = DetectorTrial.run(detector::update, stream);

        assertThat(trial.falseAlarms()).isZero();
        assertThat(trial.repeats()).isZero();
        assertThat(trial.delays()).hasSize(3).allSatisfy(d -> assertThat(d.getAsInt()).isBetween(100, 450));
        assertThat(Directions.reported(new PageHinkley(), stream))
                .containsExactly(ChangeDirection.UP, ChangeDirection.DOWN, ChangeDirection.UP);
    }

    /** The false-alarm counts documented in {@link PageHinkley}'s Javadoc. */
    @Test
    void raisesNoFalseAlarmIn100kStationarySamples() {
        assertThat(DetectorTrial.run(new PageHinkley()::update, SyntheticStreams.stationaryGaussian(7, 100_000)).detections()).isEmpty();
        assertThat(DetectorTrial.run(new PageHinkley()::update, SyntheticStreams.stationaryBernoulli(7, 100_000)).detections()).isEmpty();
    }

    @Test
    void aSmallerThresholdDetectsSoonerAndAlarmsFalselyOnBernoulliNoise() {
        PageHinkley.Params eager = new PageHinkley.Params(0.005, 10, 1 - 0.0001, 30);

        DetectorTrial step = DetectorTrial.run(new PageHinkley(eager)::update, SyntheticStreams.step(42));
        DetectorTrial noise = DetectorTrial.run(new PageHinkley(eager)::update, SyntheticStreams.stationaryBernoulli(7, 100_000));

        assertThat(step.delays().get(0).getAsInt()).isLessThan(100);
        assertThat(noise.falseAlarms()).isGreaterThan(10);
    }
}
