package io.llmwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReservoirTest {

    @Test
    void isBoundedAndKeepsEverythingUntilFull() {
        Reservoir reservoir = new Reservoir(100, 1);
        for (int i = 0; i < 60; i++) {
            reservoir.add(i / 100.0);
        }
        assertThat(reservoir.size()).isEqualTo(60);
        assertThat(reservoir.values()).hasSize(60).contains(0.0, 0.59f);
        for (int i = 60; i < 10_000; i++) {
            reservoir.add((i % 200) / 200.0);
        }
        assertThat(reservoir.size()).isEqualTo(100);
        assertThat(reservoir.seen()).isEqualTo(10_000);
        assertThat(reservoir.values()).hasSize(100);
    }

    /**
     * Every one of 10,000 positions should be kept with probability 100 / 10,000; over 400 seeds,
     * each tenth of the stream should hold about a tenth of what was kept (4,000 each).
     */
    @Test
    void keepsEveryPartOfTheStreamAboutEquallyOften() {
        int streamLength = 10_000;
        int capacity = 100;
        int seeds = 400;
        long[] keptPerTenth = new long[10];
        for (int seed = 0; seed < seeds; seed++) {
            Reservoir reservoir = new Reservoir(capacity, seed);
            for (int i = 0; i < streamLength; i++) {
                reservoir.add(i / (double) streamLength);
            }
            for (double v : reservoir.values()) {
                keptPerTenth[(int) (v * 10)]++;
            }
        }
        double expected = seeds * capacity / 10.0;
        double chiSquare = 0;
        for (long kept : keptPerTenth) {
            chiSquare += (kept - expected) * (kept - expected) / expected;
        }
        // 9 degrees of freedom: the 99.9th percentile is 27.9
        assertThat(chiSquare).isLessThan(27.9);
        for (long kept : keptPerTenth) {
            assertThat((double) kept).isBetween(0.9 * expected, 1.1 * expected);
        }
    }

    @Test
    void isDeterministicForASeed() {
        Reservoir a = new Reservoir(50, 42);
        Reservoir b = new Reservoir(50, 42);
        Reservoir c = new Reservoir(50, 43);
        for (int i = 0; i < 5_000; i++) {
            a.add(i / 5_000.0);
            b.add(i / 5_000.0);
            c.add(i / 5_000.0);
        }
        assertThat(a.values()).containsExactly(b.values());
        assertThat(a.values()).isNotEqualTo(c.values());
    }

    @Test
    void rejectsAnEmptyCapacity() {
        assertThatThrownBy(() -> new Reservoir(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
        assertThatThrownBy(() -> new Reservoir(-5, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
