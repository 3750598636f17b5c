package io.llmwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.stats.DecisionSimulation.Rate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The decisions of one comparison stay right over time (docs/decisions.md): seeded simulations of
 * 1,000 streams per case through {@link SequentialEvidence}, asserting the 95 % Clopper–Pearson upper
 * bound of each error rate, not a lucky seed. The streams here are shorter than the bench's
 * ({@code llmwatch bench}, decisions section), so that the whole class runs in seconds.
 */
class DecisionSimulationTest {

    private static final int STREAMS = 1_000;
    private static final double ALPHA = 0.05;
    private static final double MARGIN = 0.05;
    /** Shared prompt difficulty: the scores as correlated as 0/1 scores can be. */
    private static final DecisionSimulation SHARED = new DecisionSimulation(1.0, MARGIN, 101);
    /** Partially correlated scores: the candidate sees the incumbent's difficulty 80 % of the time. */
    private static final DecisionSimulation PARTIAL = new DecisionSimulation(0.8, MARGIN, 202);

    @Test
    void quantilesAreTheNearestRankOfBothKindsOfValues() {
        long[] hundred = new long[100];
        double[] hundredDoubles = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
            hundredDoubles[i] = i + 1;
        }
        // the 99th of 100 values, not the largest (rounding the rank down took the 100th)
        assertThat(DecisionSimulation.quantile(hundred, 0.99)).isEqualTo(99);
        assertThat(DecisionSimulation.quantile(hundred, 0.5)).isEqualTo(50);
        assertThat(DecisionSimulation.quantile(hundred, 0.0)).isEqualTo(1);
        assertThat(DecisionSimulation.quantile(hundred, 1.0)).isEqualTo(100);
        assertThat(DecisionSimulation.quantile(hundredDoubles, 0.99)).isEqualTo(99.0);
        assertThat(DecisionSimulation.quantile(new long[] {7}, 0.99)).isEqualTo(7);
        assertThat(DecisionSimulation.quantile(new double[0], 0.5)).isNaN();
    }

    @Test
    void aCandidateExactlyAtTheMarginIsRarelyDeclaredNonInferiorCheckedAfterEveryPair() {
        Rate rate = SHARED.everGoodEnough(DecisionSimulation.current(ALPHA), STREAMS, 2_000, 2_000, -MARGIN);
        report("false non-inferior at delta = -margin, 2,000 pairs", rate);
        assertThat(rate.upper95()).isLessThanOrEqualTo(ALPHA);
    }

    @Test
    void errorIsSpentAcrossRestartsUnderRepeatedShifts() {
        // blocks of -0.05 (at the margin) and -0.30 (broken): every block change may raise an alarm
        Rate rate = SHARED.everGoodEnough(DecisionSimulation.current(ALPHA), STREAMS, 4_000, 400, -MARGIN, -0.30);
        report("lifetime false non-inferior, blocks of 400 at -0.05 / -0.30, 4,000 pairs", rate);
        assertThat(rate.upper95()).isLessThanOrEqualTo(ALPHA);
    }

    @Test
    void aBrokenCandidateLosesEligibilityAsFastAfterLongAsAfterShortStableHistory() {
        long[] shortHistory = PARTIAL.pairsToLoseEligibility(DecisionSimulation.current(ALPHA), STREAMS, 2_500, 0,
                -0.30, 20_000);
        long[] longHistory = PARTIAL.pairsToLoseEligibility(DecisionSimulation.current(ALPHA), STREAMS, 5_000, 0,
                -0.30, 20_000);
        long shortMedian = DecisionSimulation.quantile(shortHistory, 0.5);
        long longMedian = DecisionSimulation.quantile(longHistory, 0.5);
        System.out.printf(Locale.ROOT, "0 -> -0.30: median pairs to lose eligibility %d after 2,500 stable pairs, "
                + "%d after 5,000%n", shortMedian, longMedian);
        assertThat(shortMedian).isLessThanOrEqualTo(150);
        assertThat(longMedian).isLessThanOrEqualTo(150);
        assertThat((double) Math.max(shortMedian, longMedian) / Math.min(shortMedian, longMedian)).isLessThanOrEqualTo(1.2);
    }

    @Test
    void aSmallerDropIsCaughtWithinAThousandPairs() {
        long[] pairs = PARTIAL.pairsToLoseEligibility(DecisionSimulation.current(ALPHA), STREAMS, 3_000, -0.02, -0.12,
                20_000);
        long p90 = DecisionSimulation.quantile(pairs, 0.9);
        System.out.printf(Locale.ROOT, "-0.02 -> -0.12 after 3,000 pairs: p90 %d pairs to lose eligibility%n", p90);
        assertThat(p90).isLessThanOrEqualTo(1_000);
    }

    @Test
    void anUpwardShiftDoesNotTakeEligibilityAway() {
        // Given candidates decided non-inferior on 1,500 stable pairs; when the incumbent breaks, every
        // paired delta jumps up (0 -> +0.30): the alarm may restart the estimate, but the candidate
        // must stay eligible, or the recommendation falls back to the broken incumbent
        for (DecisionSimulation scores : new DecisionSimulation[] {SHARED, PARTIAL}) {
            Rate rate = scores.lostEligibility(DecisionSimulation.current(ALPHA), STREAMS, 1_500, 0, 0.30, 1_500);
            report("eligible candidates that lost eligibility when the delta rose 0 -> +0.30", rate);
            assertThat(rate.streams()).isGreaterThanOrEqualTo(STREAMS * 9 / 10);
            assertThat(rate.upper95()).isLessThanOrEqualTo(ALPHA);
        }
    }

    @Test
    void firstNonInferiorIsNoSlowerThanWithoutChangeDetection() {
        for (double delta : new double[] {0, -0.02}) {
            long now = DecisionSimulation.quantile(
                    SHARED.pairsToGoodEnough(DecisionSimulation.current(ALPHA), STREAMS, delta, 20_000), 0.5);
            long before = DecisionSimulation.quantile(
                    SHARED.pairsToGoodEnough(DecisionSimulation.previous(), STREAMS, delta, 20_000), 0.5);
            System.out.printf(Locale.ROOT, "first non-inferior at delta %.2f: median %d pairs (%d before)%n", delta, now,
                    before);
            assertThat(now).isLessThanOrEqualTo(before);
        }
    }

    @Test
    void aStationaryComparisonRarelyRaisesAnAlarm() {
        Rate rate = PARTIAL.restarted(DecisionSimulation.current(ALPHA), STREAMS, 5_000, 0);
        report("stationary false alarms, delta 0, 5,000 pairs", rate);
        assertThat(rate.upper95()).isLessThanOrEqualTo(ALPHA);
    }

    private static void report(String what, Rate rate) {
        System.out.printf(Locale.ROOT, "%s: %d of %d streams (%.2f %%, 95 %% CP upper %.2f %%)%n", what, rate.hits(),
                rate.streams(), 100 * rate.value(), 100 * rate.upper95());
    }
}
