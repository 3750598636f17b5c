package io.llmwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
                Arguments.of("defaults", (Supplier<PageHinkley>) PageHinkley::new),
                Arguments.of("as a watcher sets it", (Supplier<PageHinkley>) () -> new PageHinkley(new PageHinkley.Params(0.01, 0.06, 1, 3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void aRestoredDetectorContinuesExactlyAsTheOriginal(String name, Supplier<PageHinkley> factory) {
        double[] values = blocks(11);
        // at every point of the stream: fresh, warming up, mid-run, just after a detection
        for (int cut : new int[] {0, 10, 250, 505, 520, 1_010, 1_700}) {
            PageHinkley original = factory.get();
            for (int i = 0; i < cut; i++) {
                original.update(values[i]);
            }

            byte[] bytes = serde.serializer().serialize("state", original);
            PageHinkley restored = serde.deserializer().deserialize("state", bytes);

            assertThat(restored).isExactlyInstanceOf(original.getClass());
            assertThat(DetectorSerde.toBytes(restored)).isEqualTo(bytes);
            assertThat(trace(restored, values, cut)).as("%s restored after %d samples", name, cut)
                    .isEqualTo(trace(original, values, cut));
        }
    }

    @Test
    void keepsTheLastChangeAndTheParameters() {
        PageHinkley original = new PageHinkley(new PageHinkley.Params(0.02, 2, 0.999, 10));
        for (double value : blocks(42)) {
            original.update(value);
        }

        PageHinkley restored = DetectorSerde.fromBytes(DetectorSerde.toBytes(original));

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
        byte[] truncated = DetectorSerde.toBytes(new PageHinkley());
        byte[] cut = Arrays.copyOf(truncated, truncated.length - 3);

        assertThatThrownBy(() -> DetectorSerde.fromBytes(cut)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> DetectorSerde.fromBytes(new byte[] {9, 1})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> DetectorSerde.fromBytes(new byte[] {1, 7})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("kind 7");
        // CUSUM (2) and ADWIN (3) states were never stored by the watchers; they are now unknown kinds
        assertThatThrownBy(() -> DetectorSerde.fromBytes(new byte[] {1, 2, 0, 0})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("kind 2");
    }

    /** What the detector says about each sample from {@code from} on: detection, estimate, samples, last change. */
    private static List<String> trace(PageHinkley detector, double[] values, int from) {
        List<String> trace = new ArrayList<>();
        for (int i = from; i < values.length; i++) {
            boolean detected = detector.update(values[i]);
            trace.add(i + " " + detected + " " + Double.doubleToLongBits(detector.estimate()) + " " + detector.samples()
                    + " " + detector.lastChange());
        }
        return trace;
    }

    /** 2,000 seeded samples of N(level, 0.1), the level alternating between 0.5 and 0.75 every 500 samples. */
    private static double[] blocks(long seed) {
        Random random = new Random(seed);
        double[] values = new double[2_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = ((i / 500) % 2 == 0 ? 0.5 : 0.75) + 0.1 * random.nextGaussian();
        }
        return values;
    }
}
