package io.llmwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.Interval;
import io.llmwatch.event.Verdict;
import io.llmwatch.json.Json;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class PairedStatisticsTest {

    private static final double M = 0.02;
    private final PairedStatistics statistics = new PairedStatistics();

    @Test
    void beyondTheReservoirTheBootstrapDescribesTheMeanOfAllDeltas() {
        // Given 50,000 deltas of −1, 0 or +1 (sd ≈ 0.71) with mean ≈ 0.1, far more than the 2,000 kept
        SplittableRandom random = new SplittableRandom(7);
        PairedDeltas deltas = new PairedDeltas();
        for (int i = 0; i < 50_000; i++) {
            double u = random.nextDouble();
            deltas.add(u < 0.2 ? -1 : u < 0.7 ? 0 : 1);
        }

        // When it is summarised
        Interval ci = new PairedStatistics().summarize(deltas, 0.02, null).bootstrap();

        // Then the interval is centred on the mean of all n and as wide as n (not 2,000) allows:
        // ±1.96 sd/√n ≈ ±0.0062, against ±0.031 for a mean of 2,000
        assertThat(ci.contains(deltas.mean())).isTrue();
        assertThat(ci.width()).isBetween(0.008, 0.018);
    }

    @Test
    void aCandidateFivePointsWorseIsEventuallyWorse() {
        SplittableRandom random = new SplittableRandom(1);
        PairedDeltas deltas = new PairedDeltas();
        while (Verdict.of(deltas.anytimeInterval(), M) == Verdict.INCONCLUSIVE && deltas.n() < 100_000) {
            // wins 20 %, loses 25 %: true mean delta -0.05
            deltas.add(DeltaDistributions.threePoint(random, 0.20, 0.25));
        }
        PairedSummary summary = statistics.summarize(deltas, M, 0.001);
        System.out.printf(Locale.ROOT, "true delta -0.05, m = 0.02: %s after %d pairs, CS %s%n",
                summary.verdict().json(), summary.n(), summary.confidenceSequence());
        assertThat(summary.verdict()).isEqualTo(Verdict.WORSE);
        assertThat(summary.confidenceSequence().contains(-0.05)).isTrue();
        assertThat(summary.morePairs()).isZero();
        assertThat(summary.costOfMorePairs()).isZero();
    }

    /**
     * 20 comparisons of a candidate exactly as good as the incumbent (wins and losses 20 % each, sd
     * 0.63, a noisy judge). Each runs until the confidence sequence decides. Equivalence within 0.02 takes
     * tens of thousands of pairs at this noise; the only other outcomes possible are the sequence's own
     * errors (at most 5 % of streams in theory, none here), never "worse".
     */
    @Test
    void anEquallyGoodCandidateIsEventuallyNonInferior() {
        int streams = 20;
        long[] decidedAt = new long[streams];
        int nonInferior = 0;
        for (int s = 0; s < streams; s++) {
            SplittableRandom random = new SplittableRandom(100 + s);
            PairedDeltas deltas = new PairedDeltas();
            Verdict verdict = Verdict.INCONCLUSIVE;
            while (verdict == Verdict.INCONCLUSIVE && deltas.n() < 500_000) {
                deltas.add(DeltaDistributions.threePoint(random, 0.2, 0.2));
                verdict = Verdict.of(deltas.anytimeInterval(), M);
            }
            assertThat(verdict).isNotIn(Verdict.WORSE, Verdict.INCONCLUSIVE);
            nonInferior += verdict == Verdict.NON_INFERIOR ? 1 : 0;
            decidedAt[s] = deltas.n();
        }
        Arrays.sort(decidedAt);
        System.out.printf(Locale.ROOT, "true delta 0, sd 0.63, m = 0.02: non_inferior in %d of %d comparisons, after a median "
                + "of %d pairs (%d to %d)%n", nonInferior, streams, decidedAt[streams / 2], decidedAt[0], decidedAt[streams - 1]);
        assertThat(nonInferior).isEqualTo(streams);
    }

    /**
     * Ten deltas of +1, the most favourable data there can be, leave the 95 % confidence sequence
     * reaching to about -0.5: no verdict, let alone non-inferior. It takes 15 straight wins before
     * the sequence clears -m; and a run of exact ties needs hundreds of pairs to show equivalence
     * within 0.02.
     */
    @Test
    void neverNonInferiorAtTinyN() {
        PairedDeltas wins = new PairedDeltas();
        PairedDeltas ties = new PairedDeltas();
        for (int n = 1; n <= 10; n++) {
            wins.add(1);
            ties.add(0);
            assertThat(Verdict.of(wins.anytimeInterval(), M)).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(Verdict.of(ties.anytimeInterval(), M)).isEqualTo(Verdict.INCONCLUSIVE);
        }
        assertThat(wins.anytimeInterval().lower()).isLessThan(-0.5);
        assertThat(statistics.summarize(wins, M, null).bootstrap()).isEqualTo(new Interval(1, 1, 0.95));

        long winsNeeded = firstDecision(() -> 1, 1_000);
        long tiesNeeded = firstDecision(() -> 0, 10_000);
        System.out.printf(Locale.ROOT, "first verdict on all +1: after %d pairs (%s); on all 0: after %d pairs (%s)%n",
                winsNeeded, verdictAfter(1, winsNeeded), tiesNeeded, verdictAfter(0, tiesNeeded));
        assertThat(winsNeeded).isGreaterThan(10);
        assertThat(tiesNeeded).isGreaterThan(100);
        assertThat(verdictAfter(0, tiesNeeded)).isEqualTo(Verdict.NON_INFERIOR);
    }

    /**
     * CostGuard's published example: 25 replayed calls, mean delta -0.006, bootstrap CI
     * [-0.031, +0.019], read as "not significant, so switch". Built here as 25 seeded deltas with
     * that mean and a similar spread: the bootstrap CI contains 0, and the verdict is inconclusive,
     * with the price of finding out.
     */
    @Test
    void costGuardsExampleIsInconclusiveNotSafe() {
        SplittableRandom random = new SplittableRandom(25);
        double[] deltas = new double[25];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = DeltaDistributions.clippedNormal(random, 0, 0.064);
        }
        double shift = -0.006 - Arrays.stream(deltas).average().orElseThrow();
        PairedDeltas paired = new PairedDeltas();
        Arrays.stream(deltas).map(d -> d + shift).forEach(paired::add);

        PairedSummary summary = statistics.summarize(paired, M, 0.0012);
        System.out.printf(Locale.ROOT, "CostGuard's example: n = %d, mean %.4f, bootstrap CI [%.3f, %.3f], CS [%.3f, %.3f]:"
                        + " %s, ≈ %d more pairs, ≈ $%.2f%n", summary.n(), summary.mean(), summary.bootstrap().lower(),
                summary.bootstrap().upper(), summary.confidenceSequence().lower(), summary.confidenceSequence().upper(),
                summary.verdict().json(), summary.morePairs(), summary.costOfMorePairs());
        assertThat(summary.n()).isEqualTo(25);
        assertThat(summary.mean()).isCloseTo(-0.006, within(1e-12));
        assertThat(summary.bootstrap().contains(0)).isTrue();
        assertThat(summary.bootstrap().width()).isBetween(0.03, 0.07);
        assertThat(summary.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(summary.morePairs()).isGreaterThan(25L);
        assertThat(summary.costOfMorePairs()).isCloseTo(summary.morePairs() * 0.0012, within(1e-9));
    }

    @Test
    void summaryCarriesTheFiguresAndSerialises() throws Exception {
        PairedDeltas deltas = replay(new SplittableRandom(4), r -> DeltaDistributions.clippedNormal(r, 0.01, 0.3), 400);
        PairedSummary summary = statistics.summarize(deltas, M, null);
        assertThat(summary.n()).isEqualTo(400);
        assertThat(summary.mean()).isEqualTo(deltas.mean());
        assertThat(summary.stdDev()).isEqualTo(deltas.stdDev());
        assertThat(summary.confidenceSequence()).isEqualTo(deltas.anytimeInterval());
        assertThat(summary.confidenceSequence().width()).isGreaterThan(summary.bootstrap().width());
        assertThat(summary.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(summary.morePairs()).isPositive();
        assertThat(summary.costOfMorePairs()).isNull();
        assertThat(summary.margin()).isEqualTo(M);
        String json = Json.mapper().writeValueAsString(summary);
        assertThat(json).contains("\"verdict\":\"inconclusive\"", "\"confidence_sequence\":{\"lower\":", "\"more_pairs\":");
        assertThat(Json.mapper().readValue(json, PairedSummary.class)).isEqualTo(summary);
        assertThatThrownBy(() -> statistics.summarize(new PairedDeltas(), M, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long firstDecision(DoubleSupplier deltas, long limit) {
        PairedDeltas paired = new PairedDeltas();
        while (paired.n() < limit) {
            paired.add(deltas.getAsDouble());
            if (Verdict.of(paired.anytimeInterval(), M) != Verdict.INCONCLUSIVE) {
                return paired.n();
            }
        }
        throw new AssertionError("no verdict within " + limit + " pairs: " + paired.anytimeInterval());
    }

    private static Verdict verdictAfter(double constant, long n) {
        PairedDeltas paired = new PairedDeltas();
        for (long i = 0; i < n; i++) {
            paired.add(constant);
        }
        return Verdict.of(paired.anytimeInterval(), M);
    }

    private static PairedDeltas replay(SplittableRandom random, ToDoubleFunction<SplittableRandom> draw, long n) {
        PairedDeltas deltas = new PairedDeltas();
        for (long i = 0; i < n; i++) {
            deltas.add(draw.applyAsDouble(random));
        }
        return deltas;
    }
}
