package io.llmwatch.app.bench.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmwatch.detect.Change;
import io.llmwatch.detect.ChangeDirection;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ADWIN at its defaults on the seeded streams of {@link SyntheticStreams}. */
class AdwinTest {

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 4})
    void reportsAStepInTheMeanWithinItsDelayAndNothingBefore(long seed) {
        Adwin detector = new Adwin();

        DetectorTrial trial = DetectorTrial.run(detector::update, SyntheticStreams.step(seed));

        assertThat(trial.falseAlarms()).isZero();
        assertThat(trial.delays()).singleElement().satisfies(d -> assertThat(d.getAsInt()).isBetween(20, 120));
        assertThat(trial.detections()).allSatisfy(d -> assertThat(d).isBetween(SyntheticStreams.CHANGE_AT, SyntheticStreams.CHANGE_AT + 400));
        assertThat(detector.estimate()).isBetween(0.67, 0.73);
        assertThat(detector.samples()).isLessThan(1_100);
    }

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 4})
    void reportsABernoulliSwitchWithinItsDelayAndNothingBefore(long seed) {
        DetectorTrial trial = DetectorTrial.run(new Adwin()::update, SyntheticStreams.bernoulliSwitch(seed));

        assertThat(trial.falseAlarms()).isZero();
        assertThat(trial.delays()).singleElement().satisfies(d -> assertThat(d.getAsInt()).isBetween(10, 100));
    }

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 4})
    void reportsEachChangeOfAlternatingBlocksFirstInItsDirection(long seed) {
        LabelledStream stream = SyntheticStreams.alternatingBlocks(seed);

        DetectorTrial trial = DetectorTrial.run(new Adwin()::update, stream);

        assertThat(trial.falseAlarms()).isZero();
        assertThat(trial.delays()).hasSize(3).allSatisfy(d -> assertThat(d.getAsInt()).isBetween(20, 120));
        List<ChangeDirection> directions = Directions.reported(new Adwin(), stream);
        List<Integer> detections = trial.detections();
        for (int c = 0; c < stream.changes().size(); c++) {
            int first = detections.indexOf(stream.changes().get(c) + trial.delays().get(c).getAsInt());
            assertThat(directions.get(first)).isEqualTo(c % 2 == 0 ? ChangeDirection.UP : ChangeDirection.DOWN);
        }
    }

    /** The false-alarm counts documented in {@link Adwin}'s Javadoc. */
    @Test
    void raisesNoFalseAlarmIn100kStationarySamples() {
        Adwin detector = new Adwin();

        assertThat(DetectorTrial.run(detector::update, SyntheticStreams.stationaryGaussian(7, 100_000)).detections()).isEmpty();
        assertThat(detector.samples()).isEqualTo(100_000);
        assertThat(detector.windowVariance()).isBetween(0.009, 0.011);
        assertThat(DetectorTrial.run(new Adwin()::update, SyntheticStreams.stationaryBernoulli(7, 100_000)).detections()).isEmpty();
    }

    @Test
    void reportsTheMeansOfBothSidesOfTheCut() {
        Adwin detector = new Adwin();

        DetectorTrial.run(detector::update, SyntheticStreams.bernoulliSwitch(42));

        Change change = detector.lastChange().orElseThrow();
        assertThat(change.direction()).isEqualTo(ChangeDirection.UP);
        assertThat(change.before()).isLessThan(0.5);
        assertThat(change.after()).isGreaterThan(0.5);
    }

    @Test
    void checksOnlyEveryClockSamples() {
        Adwin detector = new Adwin(new Adwin.Params(0.002, 100, 5, 10, 5));
        for (int i = 0; i < 200; i++) {
            detector.update(0);
        }

        for (int i = 200; i < 299; i++) {
            assertThat(detector.update(1)).isFalse();
        }
        assertThat(detector.update(1)).isTrue();
    }

    @Test
    void keepsLogarithmicallyManyBucketsAndExactTotals() {
        Adwin detector = new Adwin();
        double[] values = SyntheticStreams.stationaryBernoulli(5, 50_000).values();
        double sum = 0;
        for (double v : values) {
            detector.update(v);
            sum += v;
        }

        assertThat(detector.estimate()).isEqualTo(sum / values.length, Offset.offset(1e-9));
        assertThat(detector.buckets()).isLessThanOrEqualTo(6 * 16);
    }

    @Test
    void resetEmptiesTheWindow() {
        Adwin detector = new Adwin();
        LabelledStream step = SyntheticStreams.step(42);
        DetectorTrial first = DetectorTrial.run(detector::update, step);

        detector.reset();

        assertThat(detector.samples()).isZero();
        assertThat(detector.estimate()).isNaN();
        assertThat(detector.lastChange()).isEmpty();
        assertThat(DetectorTrial.run(detector::update, step)).isEqualTo(first);
    }

    @Test
    void rejectsParametersOutOfRangeNamingThem() {
        assertThatThrownBy(() -> new Adwin.Params(0, 32, 5, 10, 5)).hasMessageContaining("delta");
        assertThatThrownBy(() -> new Adwin.Params(0.002, 0, 5, 10, 5)).hasMessageContaining("clock");
        assertThatThrownBy(() -> new Adwin.Params(0.002, 32, 1, 10, 5)).hasMessageContaining("max buckets");
        assertThatThrownBy(() -> new Adwin.Params(0.002, 32, 5, 6, 5)).hasMessageContaining("min window");
    }
}
