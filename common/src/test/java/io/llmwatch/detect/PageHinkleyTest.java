package io.llmwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Page-Hinkley at its defaults on the seeded streams of {@link SyntheticStreams}. */
class PageHinkleyTest {

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 4})
    void reportsAStepInTheMeanOnceWithinItsDelay(long seed) {
        PageHinkley detector = new PageHinkley();

        DetectorTrial trial = DetectorTrial.run(detector, SyntheticStreams.step(seed));

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

        DetectorTrial trial = DetectorTrial.run(detector, SyntheticStreams.bernoulliSwitch(seed));

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

        DetectorTrial trial = DetectorTrial.run(detector, stream);

        assertThat(trial.falseAlarms()).isZero();
        assertThat(trial.repeats()).isZero();
        assertThat(trial.delays()).hasSize(3).allSatisfy(d -> assertThat(d.getAsInt()).isBetween(100, 450));
        assertThat(Directions.reported(new PageHinkley(), stream))
                .containsExactly(ChangeDirection.UP, ChangeDirection.DOWN, ChangeDirection.UP);
    }

    /** The false-alarm counts documented in {@link PageHinkley}'s Javadoc. */
    @Test
    void raisesNoFalseAlarmIn100kStationarySamples() {
        assertThat(DetectorTrial.run(new PageHinkley(), SyntheticStreams.stationaryGaussian(7, 100_000)).detections()).isEmpty();
        assertThat(DetectorTrial.run(new PageHinkley(), SyntheticStreams.stationaryBernoulli(7, 100_000)).detections()).isEmpty();
    }

    @Test
    void aSmallerThresholdDetectsSoonerAndAlarmsFalselyOnBernoulliNoise() {
        PageHinkley.Params eager = new PageHinkley.Params(0.005, 10, 1 - 0.0001, 30);

        DetectorTrial step = DetectorTrial.run(new PageHinkley(eager), SyntheticStreams.step(42));
        DetectorTrial noise = DetectorTrial.run(new PageHinkley(eager), SyntheticStreams.stationaryBernoulli(7, 100_000));

        assertThat(step.delays().get(0).getAsInt()).isLessThan(100);
        assertThat(noise.falseAlarms()).isGreaterThan(10);
    }

    @Test
    void reportsNothingBeforeItsMinimumSamples() {
        PageHinkley detector = new PageHinkley(new PageHinkley.Params(0, 0.5, 1, 30));

        for (int i = 0; i < 29; i++) {
            assertThat(detector.update(i % 2 == 0 ? 0 : 10)).isFalse();
        }
        assertThat(detector.samples()).isEqualTo(29);
    }

    @Test
    void reArmsAfterADetectionAndResetForgetsEverything() {
        PageHinkley detector = new PageHinkley();
        LabelledStream step = SyntheticStreams.step(42);
        int detectedAt = DetectorTrial.run(new PageHinkley(), step).detections().get(0);

        for (int i = 0; i <= detectedAt; i++) {
            detector.update(step.values()[i]);
        }
        assertThat(detector.samples()).isZero();
        assertThat(detector.estimate()).isNaN();
        assertThat(detector.lastChange()).isPresent();

        detector.reset();
        assertThat(detector.lastChange()).isEmpty();
        assertThat(DetectorTrial.run(detector, step)).isEqualTo(DetectorTrial.run(new PageHinkley(), step));
    }

    @Test
    void rejectsParametersOutOfRangeNamingThem() {
        assertThatThrownBy(() -> new PageHinkley.Params(-0.1, 35, 1, 30)).hasMessageContaining("delta");
        assertThatThrownBy(() -> new PageHinkley.Params(0.04, 0, 1, 30)).hasMessageContaining("lambda");
        assertThatThrownBy(() -> new PageHinkley.Params(0.04, 35, 1.1, 30)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new PageHinkley.Params(0.04, 35, 1, 0)).hasMessageContaining("min samples");
    }
}
