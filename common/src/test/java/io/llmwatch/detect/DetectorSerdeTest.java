package io.llmwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A detector's state survives the trip through bytes, and the restored detector continues identically. */
class DetectorSerdeTest {

    private final DetectorSerde serde = new DetectorSerde();

    static Stream<Arguments> detectors() {
        return Stream.of(
                Arguments.of("page-hinkley", (Supplier<ChangeDetector>) PageHinkley::new),
                Arguments.of("cusum", (Supplier<ChangeDetector>) Cusum::new),
                Arguments.of("cusum with target and std", (Supplier<ChangeDetector>) () -> new Cusum(new Cusum.Params(20, 0.5, 8, 0.5, 0.1))),
                Arguments.of("adwin", (Supplier<ChangeDetector>) Adwin::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void aRestoredDetectorContinuesExactlyAsTheOriginal(String name, Supplier<ChangeDetector> factory) {
        double[] values = SyntheticStreams.alternatingBlocks(11).values();
        // at every point of the stream: fresh, warming up, mid-run, just after a detection
        for (int cut : new int[] {0, 10, 250, 505, 520, 1_010, 1_700}) {
            ChangeDetector original = factory.get();
            for (int i = 0; i < cut; i++) {
                original.update(values[i]);
            }

            byte[] bytes = serde.serializer().serialize("state", original);
            ChangeDetector restored = serde.deserializer().deserialize("state", bytes);

            assertThat(restored).isExactlyInstanceOf(original.getClass());
            assertThat(DetectorSerde.toBytes(restored)).isEqualTo(bytes);
            assertThat(trace(restored, values, cut)).as("%s restored after %d samples", name, cut)
                    .isEqualTo(trace(original, values, cut));
        }
    }

    @Test
    void keepsTheLastChangeAndTheParameters() {
        Cusum original = new Cusum(new Cusum.Params(50, 0.6, 9, null, 0.2));
        DetectorTrial.run(original, SyntheticStreams.step(42));

        Cusum restored = (Cusum) DetectorSerde.fromBytes(DetectorSerde.toBytes(original));

        assertThat(restored.params()).isEqualTo(original.params());
        assertThat(restored.lastChange()).isPresent().isEqualTo(original.lastChange());
    }

    @Test
    void nullIsNullBothWays() {
        assertThat(serde.serializer().serialize("state", null)).isNull();
        assertThat(serde.deserializer().deserialize("state", null)).isNull();
    }

    @Test
    void unreadableBytesAreASerializationError() {
        byte[] truncated = DetectorSerde.toBytes(new Adwin());
        byte[] cut = Arrays.copyOf(truncated, truncated.length - 3);

        assertThatThrownBy(() -> DetectorSerde.fromBytes(cut)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> DetectorSerde.fromBytes(new byte[] {9, 1})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> DetectorSerde.fromBytes(new byte[] {1, 7})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("kind 7");
    }

    /** What the detector says about each sample from {@code from} on: detection, estimate, samples, last change. */
    private static List<String> trace(ChangeDetector detector, double[] values, int from) {
        List<String> trace = new ArrayList<>();
        for (int i = from; i < values.length; i++) {
            boolean detected = detector.update(values[i]);
            trace.add(i + " " + detected + " " + Double.doubleToLongBits(detector.estimate()) + " " + detector.samples()
                    + " " + detector.lastChange());
        }
        return trace;
    }
}
