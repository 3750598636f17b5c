package io.llmwatch.app.bench;

import io.llmwatch.stats.DecisionSimulation;
import io.llmwatch.stats.DecisionSimulation.Rate;
import io.llmwatch.stats.DecisionSimulation.Rule;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The decisions section of {@code llmwatch bench} (docs/decisions.md): the seeded simulations of
 * {@link DecisionSimulation}, through the production {@code SequentialEvidence}, at the full lengths
 * of issue 10's table, for shared-difficulty and partially correlated 0/1 scores, each printed
 * against its goal and next to the rule before change detection, measured in the same run. Error
 * rates come with their 95 % Clopper–Pearson upper bound.
 */
final class DecisionBench {

    static final int STREAMS = 1_000;
    static final double ALPHA = 0.05;
    static final double MARGIN = 0.05;
    private static final int CAP = 50_000;

    private DecisionBench() {
    }

    static void run(PrintStream out) {
        out.printf("%nDecisions: %,d seeded streams per case, margin %.2f, alpha %.2f, verdict checked after every pair.%n"
                + "now = change detection + alpha spending; before = one 0.05 sequence restarted only when it contradicts itself.%n",
                STREAMS, MARGIN, ALPHA);
        out.printf("%-22s %-72s %-24s %-24s %s%n", "scores", "case", "now", "before", "goal");
        scores(out, "shared difficulty", new DecisionSimulation(1.0, MARGIN, 1));
        scores(out, "partially correlated", new DecisionSimulation(0.8, MARGIN, 2));
        WatcherBench.run(out);
        MaintenanceBench.run(out);
    }

    private static void scores(PrintStream out, String scores, DecisionSimulation sim) {
        Supplier<Rule> now = DecisionSimulation.current(ALPHA);
        Supplier<Rule> before = DecisionSimulation.previous();

        row(out, scores, "false non-inferior, delta = -margin, 5,000 pairs",
                rate(sim.everGoodEnough(now, STREAMS, 5_000, 5_000, -MARGIN)),
                rate(sim.everGoodEnough(before, STREAMS, 5_000, 5_000, -MARGIN)), "<= 5 % (CP upper)");
        row(out, scores, "lifetime false non-inferior, blocks -0.05/-0.30 of 2,500, 50,000 pairs",
                rate(sim.everGoodEnough(now, STREAMS, 50_000, 2_500, -MARGIN, -0.30)),
                rate(sim.everGoodEnough(before, STREAMS, 50_000, 2_500, -MARGIN, -0.30)), "<= 5 % (CP upper)");
        long[] nowShort = sim.pairsToLoseEligibility(now, STREAMS, 2_500, 0, -0.30, CAP);
        long[] nowLong = sim.pairsToLoseEligibility(now, STREAMS, 25_000, 0, -0.30, CAP);
        long[] beforeShort = sim.pairsToLoseEligibility(before, STREAMS, 2_500, 0, -0.30, CAP);
        long[] beforeLong = sim.pairsToLoseEligibility(before, STREAMS, 25_000, 0, -0.30, CAP);
        row(out, scores, "0 -> -0.30 after 2,500 stable pairs: pairs to lose eligibility", median(nowShort),
                median(beforeShort), "median <= 150");
        row(out, scores, "0 -> -0.30 after 25,000 stable pairs: pairs to lose eligibility", median(nowLong),
                median(beforeLong), "median <= 150, within 20 %");
        row(out, scores, "-0.02 -> -0.12 after 10,000 stable pairs: pairs to lose eligibility",
                p90(sim.pairsToLoseEligibility(now, STREAMS, 10_000, -0.02, -0.12, CAP)),
                p90(sim.pairsToLoseEligibility(before, STREAMS, 10_000, -0.02, -0.12, CAP)), "p90 <= 1,000");
        row(out, scores, "0 -> +0.30 after 2,500 stable pairs (incumbent breaks): eligible streams losing it",
                rate(sim.lostEligibility(now, STREAMS, 2_500, 0, 0.30, 2_500)),
                rate(sim.lostEligibility(before, STREAMS, 2_500, 0, 0.30, 2_500)), "none (<= 5 %, CP upper)");
        for (double delta : new double[] {0, -0.02}) {
            row(out, scores, String.format(Locale.ROOT, "first non-inferior at delta %.2f", delta),
                    median(sim.pairsToGoodEnough(now, STREAMS, delta, CAP)),
                    median(sim.pairsToGoodEnough(before, STREAMS, delta, CAP)), "no slower than before");
        }
        row(out, scores, "stationary false alarms, delta 0, 50,000 pairs",
                rate(sim.restarted(now, STREAMS, 50_000, 0)), rate(sim.restarted(before, STREAMS, 50_000, 0)),
                "<= 5 % (CP upper)");
    }

    private static void row(PrintStream out, String scores, String name, String now, String before, String goal) {
        out.printf("%-22s %-72s %-24s %-24s %s%n", scores, name, now, before, goal);
        out.flush();
    }

    private static String rate(Rate rate) {
        return String.format(Locale.ROOT, "%.2f %% (CP up %.2f %%)", 100 * rate.value(), 100 * rate.upper95());
    }

    private static String median(long[] sorted) {
        return String.format(Locale.ROOT, "median %,d", DecisionSimulation.quantile(sorted, 0.5));
    }

    private static String p90(long[] sorted) {
        return String.format(Locale.ROOT, "p90 %,d", DecisionSimulation.quantile(sorted, 0.9));
    }
}
