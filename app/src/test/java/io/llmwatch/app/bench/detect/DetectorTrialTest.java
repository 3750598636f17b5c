package io.llmwatch.app.bench.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The tests' scoring of a detector on a labelled stream, and their seeded streams. */
class DetectorTrialTest {

    @Test
    void aTrialCountsDelaysFalseAlarmsAndRepeats() {
        LabelledStream stream = new LabelledStream("blocks", new double[300], List.of(100, 200));

        DetectorTrial trial = DetectorTrial.score(List.of(50, 130, 150, 260), stream);

        assertThat(trial.delays()).containsExactly(OptionalInt.of(30), OptionalInt.of(60));
        assertThat(trial.falseAlarms()).isEqualTo(1);
        assertThat(trial.repeats()).isEqualTo(1);
        assertThat(DetectorTrial.score(List.of(250), stream).delays()).containsExactly(OptionalInt.empty(), OptionalInt.of(50));
    }

    @Test
    void theSameSeedGivesTheSameStream() {
        assertThat(SyntheticStreams.step(3).values()).isEqualTo(SyntheticStreams.step(3).values());
        assertThat(SyntheticStreams.step(3).values()).isNotEqualTo(SyntheticStreams.step(4).values());
        assertThat(SyntheticStreams.stationaryBernoulli(1, 10_000).values()).containsOnly(0.0, 1.0);
    }
}
