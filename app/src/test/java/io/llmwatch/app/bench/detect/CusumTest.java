package io.llmwatch.app.bench.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmwatch.detect.Change;
import io.llmwatch.detect.ChangeDirection;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tabular CUSUM at its defaults on the seeded streams of {@link SyntheticStreams}. */
class CusumTest {

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 4})
    void reportsAStepInTheMeanOnceWithinItsDelay(long seed) {
        Cusum detector = new Cusum();

        DetectorTrial trial = DetectorTrial.run(detector::update, SyntheticStreams.step(seed));

        assertThat(trial.falseAlarms()).isZero();
        assertThat(trial.repeats()).isZero();
        assertThat(trial.delays()).singleElement().satisfies(d -> assertThat(d.getAsInt()).isBetween(1, 40));
        Change change = detector.lastChange().orElseThrow();
        assertThat(change.direction()).isEqualTo(ChangeDirection.UP);
        assertThat(change.before()).isBetween(0.48, 0.52);
        assertThat(change.after()).isBetween(0.6, 0.85);
    }

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 4})
    void reportsABernoulliSwitchOnceWithinItsDelay(long seed) {
        DetectorTrial trial = DetectorTrial.run(new Cusum()::update, SyntheticStreams.bernoulliSwitch(seed));

        assertThat(trial.falseAlarms()).isZero();
        assertThat(trial.repeats()).isZero();
        assertThat(trial.delays()).singleElement().satisfies(d -> assertThat(d.getAsInt()).isBetween(1, 60));
    }

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 4})
    void reportsEachChangeOfAlternatingBlocksInItsDirection(long seed) {
        LabelledStream stream = SyntheticStreams.alternatingBlocks(seed);

        DetectorTrial trial = DetectorTrial.run(new Cusum()::update, stream);

        assertThat(trial.falseAlarms()).isZero();
        assertThat(trial.repeats()).isZero();
        assertThat(trial.delays()).hasSize(3).allSatisfy(d -> assertThat(d.getAsInt()).isBetween(1, 30));
        assertThat(Directions.reported(new Cusum(), stream))
                .containsExactly(ChangeDirection.UP, ChangeDirection.DOWN, ChangeDirection.UP);
    }

    /** The false-alarm counts documented in {@link Cusum}'s Javadoc. */
    @Test
    void raisesNoFalseAlarmIn100kStationarySamples() {
        assertThat(DetectorTrial.run(new Cusum()::update, SyntheticStreams.stationaryGaussian(7, 100_000)).detections()).isEmpty();
        assertThat(DetectorTrial.run(new Cusum()::update, SyntheticStreams.stationaryBernoulli(7, 100_000)).detections()).isEmpty();
    }

    @Test
    void theClassicalSettingsAlarmEveryFewHundredSamples() {
        Cusum.Params classical = new Cusum.Params(200, 0.5, 5, null, null);

        DetectorTrial noise = DetectorTrial.run(new Cusum(classical)::update, SyntheticStreams.stationaryGaussian(7, 100_000));

        assertThat(noise.falseAlarms()).isGreaterThan(50);
    }

    @Test
    void estimatesTargetAndSigmaOverTheWarmUpThenFreezesThem() {
        Cusum detector = new Cusum();
        double[] values = SyntheticStreams.stationaryGaussian(3, 1_000).values();

        for (int i = 0; i < 199; i++) {
            detector.update(values[i]);
        }
        assertThat(detector.target()).isNaN();
        detector.update(values[199]);
        double target = detector.target();
        assertThat(target).isBetween(0.48, 0.52);
        assertThat(detector.sigma()).isBetween(0.09, 0.11);

        for (int i = 200; i < values.length; i++) {
            detector.update(values[i]);
        }
        assertThat(detector.target()).isEqualTo(target);
        assertThat(detector.samples()).isEqualTo(1_000);
    }

    @Test
    void aGivenTargetAndSigmaNeedNoWarmUpAndAlarmWhileTheProcessStaysOffTarget() {
        Cusum detector = new Cusum(new Cusum.Params(0, 0.5, 4, 0.9, 0.05));

        assertThat(detector.update(0.9)).isFalse();
        int alarms = 0;
        for (int i = 0; i < 100; i++) {
            alarms += detector.update(0.8) ? 1 : 0;
        }

        assertThat(alarms).isBetween(20, 40);
        Change change = detector.lastChange().orElseThrow();
        assertThat(change.direction()).isEqualTo(ChangeDirection.DOWN);
        assertThat(change.before()).isEqualTo(0.9);
        assertThat(change.after()).isCloseTo(0.8, Offset.offset(1e-9));
    }

    @Test
    void afterAConstantWarmUpAnyOtherValueIsAChange() {
        Cusum detector = new Cusum(new Cusum.Params(10, 0.5, 12, null, null));
        for (int i = 0; i < 10; i++) {
            detector.update(1);
        }

        assertThat(detector.sigma()).isZero();
        assertThat(detector.update(1)).isFalse();
        assertThat(detector.update(0)).isTrue();
        assertThat(detector.lastChange().orElseThrow().direction()).isEqualTo(ChangeDirection.DOWN);
    }

    @Test
    void reArmsAfterADetectionAndResetForgetsEverything() {
        Cusum detector = new Cusum();
        LabelledStream step = SyntheticStreams.step(42);
        int detectedAt = DetectorTrial.run(new Cusum()::update, step).detections().get(0);

        for (int i = 0; i <= detectedAt; i++) {
            detector.update(step.values()[i]);
        }
        assertThat(detector.samples()).isZero();
        assertThat(detector.target()).isNaN();
        assertThat(detector.lastChange()).isPresent();

        detector.reset();
        assertThat(detector.lastChange()).isEmpty();
        assertThat(DetectorTrial.run(detector::update, step)).isEqualTo(DetectorTrial.run(new Cusum()::update, step));
    }

    @Test
    void rejectsParametersOutOfRangeNamingThem() {
        assertThatThrownBy(() -> new Cusum.Params(1, 0.5, 12, null, null)).hasMessageContaining("warm-up");
        assertThatThrownBy(() -> new Cusum.Params(200, -1, 12, null, null)).hasMessageContaining("k must");
        assertThatThrownBy(() -> new Cusum.Params(200, 0.5, 0, null, null)).hasMessageContaining("h must");
        assertThatThrownBy(() -> new Cusum.Params(0, 0.5, 12, 0.5, -1.0)).hasMessageContaining("std");
    }
}
