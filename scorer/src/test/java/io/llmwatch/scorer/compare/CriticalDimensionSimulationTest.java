package io.llmwatch.scorer.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.config.CriticalDimensions;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.Judgement;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.stats.DecisionSimulation.Rate;
import io.llmwatch.stats.SequentialEvidence;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The false recommendation rate of the critical-dimension rule, by seeded simulation through the
 * production classes ({@link CriticalEvidence} for the evidence, {@link CriticalDimensions#blocking}
 * for the decision, {@link SequentialEvidence} for the composite): a candidate clearly better on the
 * composite whose critical dimension is exactly at its margin (the boundary of the null hypothesis
 * "inferior on it", where a false non-inferior verdict is likeliest) must be found recommendable, at
 * any of the pairs it is checked after, in at most {@code alpha} of the streams — asserted on the 95 %
 * Clopper–Pearson upper bound (Clopper and Pearson, Biometrika 26(4), 1934), not on a lucky seed.
 * Each dimension runs at the task's full alpha: the rule is an intersection–union test (Berger,
 * Technometrics 24(4), 1982), see {@link CriticalEvidence}.
 */
class CriticalDimensionSimulationTest {

    private static final double ALPHA = 0.05;
    private static final double MARGIN = 0.05;
    private static final int STREAMS = 300;
    private static final Instant T0 = Instant.parse("2026-03-02T11:00:00Z");

    /**
     * A stat_validity delta (quarter points, as RDAB's four checks give) with mean {@code -0.05}
     * when {@code shift} is 0: −0.5, −0.25, 0, +0.5 with probabilities 0.1, 0.2, 0.6, 0.1.
     */
    private static double quarterPointDelta(SplittableRandom random, double shift) {
        double u = random.nextDouble();
        double d = u < 0.1 ? -0.5 : u < 0.3 ? -0.25 : u < 0.9 ? 0 : 0.5;
        return Math.max(-1, Math.min(1, d + shift));
    }

    /**
     * Streams in which the candidate was ever recommendable, checked after every pair: composite
     * deltas +0.1 ± 0.5 (non-inferior within a few hundred pairs), each critical dimension's deltas
     * of mean {@code -MARGIN + shifts[block]}, blocks of {@code blockLength} pairs.
     */
    private static Rate everRecommendable(List<String> dimensions, int pairs, int blockLength, double... shifts) {
        Map<String, Double> margins = new HashMap<>();
        dimensions.forEach(d -> margins.put(d, MARGIN));
        TaskConfig task = TaskConfig.builder().app("analytics").taskType("readout").incumbent("gpt-4.1").margin(0.02)
                .alpha(ALPHA).critical(new CriticalDimensions(margins)).build();
        Comparison base = new Comparison(null, "analytics", "readout", "gpt-4.1", "gpt-4.1-mini", "llm", 0.02, 0, null, null,
                null, null, null, null, null, 0, 0, null, null, null, 0, T0, null, null, 0, null);
        long hits = IntStream.range(0, STREAMS).parallel().filter(stream -> {
            SplittableRandom random = new SplittableRandom(7_919L * stream + 17);
            SequentialEvidence composite = new SequentialEvidence(ALPHA);
            CriticalEvidence critical = CriticalEvidence.against("gpt-4.1");
            for (int i = 0; i < pairs; i++) {
                double shift = shifts[(i / blockLength) % shifts.length];
                composite.add(random.nextDouble() < 0.6 ? 0.5 : -0.5);
                Map<String, Double> deltas = new HashMap<>();
                for (String dimension : dimensions) {
                    deltas.put(dimension, quarterPointDelta(random, shift));
                }
                critical.add(result(i, deltas), task);
                // the verdicts first, then the decision itself: its reasons are text, too slow for every pair
                if (composite.verdict(0.02).goodEnough()
                        && critical.summarize(task).stream().allMatch(d -> d.verdictAt(MARGIN).goodEnough())
                        && task.critical().blocking(base.withCritical(critical.summarize(task)), 0.02) == null) {
                    return true;
                }
            }
            return false;
        }).count();
        return new Rate(hits, STREAMS);
    }

    private static ReplayResult result(int i, Map<String, Double> deltas) {
        return new ReplayResult(null, "call-" + i, T0, "analytics", "readout", "gpt-4.1", "gpt-4.1-mini", "openai", false,
                null, null, null, null, null, null, null, 1, new Judgement("llm", 0.1, null, null, null, null, null, deltas),
                null, null, T0);
    }

    private static void report(String what, Rate rate) {
        System.out.printf(Locale.ROOT, "%s: %d of %d streams, 95 %% Clopper-Pearson upper bound %.4f%n", what,
                rate.hits(), rate.streams(), rate.upper95());
    }

    @Test
    void aCandidateAtTheMarginOfItsCriticalDimensionIsRarelyRecommendedCheckedAfterEveryPair() {
        Rate rate = everRecommendable(List.of("stat_validity"), 1_500, 1_500, 0);
        report("false recommendation, stat_validity at -margin, 1,500 pairs", rate);
        assertThat(rate.upper95()).isLessThanOrEqualTo(ALPHA);
    }

    @Test
    void twoCriticalDimensionsAtTheirMarginsNeedNoBonferroniSplit() {
        Rate rate = everRecommendable(List.of("stat_validity", "code_quality"), 1_500, 1_500, 0);
        report("false recommendation, two critical dimensions at -margin, 1,500 pairs", rate);
        assertThat(rate.upper95()).isLessThanOrEqualTo(ALPHA);
    }

    @Test
    void errorIsSpentAcrossTheDimensionsRestarts() {
        // blocks at the margin and far below it: every block change may raise an alarm and restart
        Rate rate = everRecommendable(List.of("stat_validity"), 2_400, 300, 0, -0.3);
        report("lifetime false recommendation, stat_validity blocks of 300 at -0.05 / -0.35, 2,400 pairs", rate);
        assertThat(rate.upper95()).isLessThanOrEqualTo(ALPHA);
    }
}
