package io.llmwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.Interval;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PairedDeltasTest {

    private final PairedDeltasSerde serde = new PairedDeltasSerde();

    @Test
    void tracksCountMeanAndVarianceLikeATwoPassComputation() {
        SplittableRandom random = new SplittableRandom(1);
        double[] values = new double[3_000];
        PairedDeltas deltas = new PairedDeltas();
        for (int i = 0; i < values.length; i++) {
            values[i] = DeltaDistributions.clippedNormal(random, -0.03, 0.2);
            deltas.add(values[i]);
        }
        double mean = Arrays.stream(values).average().orElseThrow();
        double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
        assertThat(deltas.n()).isEqualTo(3_000);
        assertThat(deltas.mean()).isCloseTo(mean, within(1e-12));
        assertThat(deltas.variance()).isCloseTo(variance, within(1e-12));
        assertThat(deltas.stdDev()).isCloseTo(Math.sqrt(variance), within(1e-12));
        assertThat(deltas.sample()).hasSize(Reservoir.DEFAULT_CAPACITY);
        assertThat(deltas.sequence().n()).isEqualTo(3_000);
        assertThat(deltas.anytimeInterval().contains(mean)).isTrue();
    }

    @Test
    void startsEmpty() {
        PairedDeltas deltas = new PairedDeltas();
        assertThat(deltas.n()).isZero();
        assertThat(deltas.variance()).isZero();
        assertThat(deltas.sample()).isEmpty();
        assertThat(deltas.anytimeInterval()).isEqualTo(new Interval(-1, 1, 0.95));
        assertThat(deltas.add(0.5).variance()).isZero();
    }

    @Test
    void rejectsDeltasOutsideTheUnitRangeOrNaN() {
        PairedDeltas deltas = new PairedDeltas().add(1).add(-1);
        for (double bad : new double[] {1.0000001, -1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> deltas.add(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[-1, 1]").hasMessageContaining(String.valueOf(bad));
        }
        assertThat(deltas.n()).isEqualTo(2);
    }

    @Test
    void serdeRoundTripRestoresEverythingAndResumesIdentically() {
        PairedDeltas original = new PairedDeltas(0.05, 300, 7);
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 1_000; i++) {
            original.add(DeltaDistributions.threePoint(random, 0.3, 0.2));
        }
        byte[] bytes = serde.serializer().serialize("store", original);
        PairedDeltas copy = serde.deserializer().deserialize("store", bytes);
        assertSameState(copy, original);
        assertThat(bytes.length).isLessThan(150 + 4 * 300);

        // the generator's state came along: both go on to sample the same values
        for (int i = 0; i < 5_000; i++) {
            double d = DeltaDistributions.clippedNormal(random, 0, 0.5);
            original.add(d);
            copy.add(d);
        }
        assertSameState(copy, original);
        assertThat(serde.serializer().serialize("store", copy)).isEqualTo(serde.serializer().serialize("store", original));
    }

    @Test
    void serdeKeepsTheConfiguredAlphaAndAnEmptyState() {
        PairedDeltas empty = new PairedDeltas(0.1, 10, 1);
        PairedDeltas copy = serde.deserializer().deserialize("t", serde.serializer().serialize("t", empty));
        assertThat(copy.n()).isZero();
        assertThat(copy.anytimeInterval().level()).isEqualTo(0.9);
        assertThat(copy.reservoir().capacity()).isEqualTo(10);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void serdeRejectsTruncatedOrForeignBytes() {
        byte[] bytes = serde.serializer().serialize("t", new PairedDeltas().add(0.5).add(-0.25));
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("trailing");
        byte[] foreign = bytes.clone();
        foreign[0] = 9;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", foreign))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format");
    }

    private static void assertSameState(PairedDeltas actual, PairedDeltas expected) {
        assertThat(actual.n()).isEqualTo(expected.n());
        assertThat(actual.mean()).isEqualTo(expected.mean());
        assertThat(actual.variance()).isEqualTo(expected.variance());
        assertThat(actual.anytimeInterval()).isEqualTo(expected.anytimeInterval());
        assertThat(actual.contradicted()).isEqualTo(expected.contradicted());
        assertThat(actual.sample()).containsExactly(expected.sample());
        assertThat(actual.reservoir().seen()).isEqualTo(expected.reservoir().seen());
    }
}
