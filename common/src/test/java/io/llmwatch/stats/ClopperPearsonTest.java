package io.llmwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The exact binomial bounds against published values (Clopper and Pearson 1934; e.g. R's binom.test). */
class ClopperPearsonTest {

    @Test
    void boundsFiveOfTenAsTheExactBinomialTest() {
        assertThat(ClopperPearson.lower(5, 10, 0.95)).isCloseTo(0.18709, within(1e-5));
        assertThat(ClopperPearson.upper(5, 10, 0.95)).isCloseTo(0.81291, within(1e-5));
    }

    @Test
    void theLowerBoundOfNothingIsZeroAndOfEverythingIsBelowOne() {
        assertThat(ClopperPearson.lower(0, 100, 0.95)).isZero();
        assertThat(ClopperPearson.lower(100, 100, 0.95)).isCloseTo(0.96378, within(1e-5));
        assertThat(ClopperPearson.upper(0, 100, 0.95)).isCloseTo(0.03622, within(1e-5));
    }
}
