package io.llmwatch.stats;

import io.llmwatch.event.Verdict;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Seeded simulations of a comparison's decisions, run through the production statistics, shared by
 * the tests and the decisions section of {@code llmwatch bench} (docs/decisions.md).
 *
 * <p>Scores are 0/1 judge outcomes from a shared prompt difficulty: each prompt draws a difficulty
 * {@code u ~ U(0, 1)}; the incumbent is right when {@code u < 0.7}, the candidate when
 * {@code u' < 0.7 + delta}, where {@code u'} is the same {@code u} with probability {@code shared}
 * and an independent draw otherwise. With {@code shared = 1} the scores are as correlated as two
 * 0/1 scores with these means can be (a candidate that is worse fails exactly the hardest prompts);
 * below 1 they are partially correlated. Either way the paired delta has mean {@code delta}.
 *
 * <p>Two decision rules are simulated: {@link #current()}, the {@link SequentialEvidence} the scorer
 * keeps per comparison, and {@link #previous()}, the rule before it (one confidence sequence at
 * 0.05, started afresh only when it contradicts itself), as the baseline of the same run.
 */
public final class DecisionSimulation {

    private static final double INCUMBENT_ACCURACY = 0.7;

    private final double shared;
    private final double margin;
    private final long seed;

    /**
     * @param shared probability that the candidate sees the incumbent's prompt difficulty
     * @param margin the non-inferiority margin
     * @param seed   seed of the first stream; stream {@code s} is seeded from it and {@code s}
     */
    public DecisionSimulation(double shared, double margin, long seed) {
        this.shared = shared;
        this.margin = margin;
        this.seed = seed;
    }

    /** One comparison's decisions, fed one paired delta at a time. */
    public interface Rule {

        void add(double delta);

        /** The verdict in force. */
        Verdict verdict(double margin);

        /** How often the evidence started afresh. */
        int restarts();
    }

    /** The rule the scorer uses now, at lifetime {@code alpha}. */
    public static Supplier<Rule> current(double alpha) {
        return () -> new Rule() {
            private final SequentialEvidence evidence = new SequentialEvidence(alpha);

            @Override
            public void add(double delta) {
                evidence.add(delta);
            }

            @Override
            public Verdict verdict(double m) {
                return evidence.verdict(m);
            }

            @Override
            public int restarts() {
                return evidence.restarts();
            }
        };
    }

    /** {@link #current(double)} at the default alpha. */
    public static Supplier<Rule> current() {
        return current(SequentialEvidence.DEFAULT_ALPHA);
    }

    /** The rule before change detection: one two-sided 0.05 sequence, restarted only when contradicted. */
    public static Supplier<Rule> previous() {
        return () -> new Rule() {
            private PairedDeltas deltas = new PairedDeltas();
            private int restarts;

            @Override
            public void add(double delta) {
                deltas.add(delta);
                if (deltas.contradicted()) {
                    deltas = new PairedDeltas();
                    restarts++;
                }
            }

            @Override
            public Verdict verdict(double m) {
                return Verdict.of(deltas.anytimeInterval(), m);
            }

            @Override
            public int restarts() {
                return restarts;
            }
        };
    }

    /** A stream of paired deltas whose mean is read from {@code delta} before each draw. */
    private DoubleSupplier stream(int index, double[] delta) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        return () -> {
            double u = random.nextDouble();
            double candidateU = random.nextDouble() < shared ? u : random.nextDouble();
            return (candidateU < INCUMBENT_ACCURACY + delta[0] ? 1 : 0) - (u < INCUMBENT_ACCURACY ? 1 : 0);
        };
    }

    /**
     * Streams whose verdict was ever {@code non_inferior} or {@code better}, checked after every
     * pair, while the true mean follows {@code blocks}: {@code means[i % means.length]} for the
     * {@code i}-th block of {@code blockLength} pairs, {@code pairs} in all. With every mean at or
     * below {@code -margin}, each such verdict is false.
     */
    public Rate everGoodEnough(Supplier<Rule> rule, int streams, int pairs, int blockLength,
            double... means) {
        long hits = streams(streams).filter(s -> {
            double[] delta = {means[0]};
            DoubleSupplier deltas = stream(s, delta);
            Rule r = rule.get();
            for (int i = 0; i < pairs; i++) {
                delta[0] = means[(i / blockLength) % means.length];
                r.add(deltas.getAsDouble());
                if (r.verdict(margin).goodEnough()) {
                    return true;
                }
            }
            return false;
        }).count();
        return new Rate(hits, streams);
    }

    /** Streams are independent and seeded by index, so running them in parallel changes no figure. */
    private static IntStream streams(int streams) {
        return IntStream.range(0, streams).parallel();
    }

    /** Streams whose evidence started afresh at least once in {@code pairs} pairs at constant {@code mean}. */
    public Rate restarted(Supplier<Rule> rule, int streams, int pairs, double mean) {
        long hits = streams(streams).filter(s -> {
            DoubleSupplier deltas = stream(s, new double[] {mean});
            Rule r = rule.get();
            for (int i = 0; i < pairs && r.restarts() == 0; i++) {
                r.add(deltas.getAsDouble());
            }
            return r.restarts() > 0;
        }).count();
        return new Rate(hits, streams);
    }

    /**
     * Pairs until the verdict is first good enough at constant {@code mean}, per stream, sorted;
     * {@code cap + 1} for a stream that got there within {@code cap} pairs.
     */
    public long[] pairsToGoodEnough(Supplier<Rule> rule, int streams, double mean, int cap) {
        return streams(streams).mapToLong(s -> {
            DoubleSupplier deltas = stream(s, new double[] {mean});
            Rule r = rule.get();
            int i = 0;
            while (i < cap && !r.verdict(margin).goodEnough()) {
                r.add(deltas.getAsDouble());
                i++;
            }
            return r.verdict(margin).goodEnough() ? i : cap + 1L;
        }).sorted().toArray();
    }

    /**
     * Pairs after the mean moves from {@code before} to {@code after} (following {@code stable}
     * pairs at {@code before}) until the verdict is no longer good enough, per stream, sorted: 0 for
     * a stream that was not eligible at the change, {@code cap + 1} for one still eligible after
     * {@code cap} pairs.
     */
    public long[] pairsToLoseEligibility(Supplier<Rule> rule, int streams, int stable,
            double before, double after, int cap) {
        return streams(streams).mapToLong(s -> {
            double[] delta = {before};
            DoubleSupplier deltas = stream(s, delta);
            Rule r = rule.get();
            for (int i = 0; i < stable; i++) {
                r.add(deltas.getAsDouble());
            }
            delta[0] = after;
            int i = 0;
            while (i < cap && r.verdict(margin).goodEnough()) {
                r.add(deltas.getAsDouble());
                i++;
            }
            return r.verdict(margin).goodEnough() ? cap + 1L : i;
        }).sorted().toArray();
    }

    /**
     * Of the streams whose verdict was good enough when the mean moved from {@code before} to
     * {@code after} (after {@code stable} pairs at {@code before}), those that were not good enough
     * at some pair within {@code pairs} pairs after the move. With {@code after > before} (the
     * incumbent broke, or the candidate improved) every such loss of eligibility is wrong.
     */
    public Rate lostEligibility(Supplier<Rule> rule, int streams, int stable, double before, double after, int pairs) {
        long[] outcomes = streams(streams).mapToLong(s -> {
            double[] delta = {before};
            DoubleSupplier deltas = stream(s, delta);
            Rule r = rule.get();
            for (int i = 0; i < stable; i++) {
                r.add(deltas.getAsDouble());
            }
            if (!r.verdict(margin).goodEnough()) {
                return -1;
            }
            delta[0] = after;
            for (int i = 0; i < pairs; i++) {
                r.add(deltas.getAsDouble());
                if (!r.verdict(margin).goodEnough()) {
                    return 1;
                }
            }
            return 0;
        }).toArray();
        long eligible = Arrays.stream(outcomes).filter(o -> o >= 0).count();
        long lost = Arrays.stream(outcomes).filter(o -> o == 1).count();
        return new Rate(lost, eligible);
    }

    /** The {@code q}-quantile of sorted values (nearest rank): llmwatch's one rule for a figure's quantiles. */
    public static long quantile(long[] sorted, double q) {
        return sorted[nearestRank(sorted.length, q)];
    }

    /** The {@code q}-quantile of sorted values (nearest rank), or NaN when there are none. */
    public static double quantile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[nearestRank(sorted.length, q)];
    }

    private static int nearestRank(int n, double q) {
        int rank = (int) Math.ceil(q * n);
        return Math.max(0, Math.min(n - 1, rank - 1));
    }

    /**
     * A simulated error rate with its 95 % Clopper–Pearson upper bound.
     *
     * @param hits    streams in which the event happened
     * @param streams streams simulated
     */
    public record Rate(long hits, long streams) {

        public double value() {
            return (double) hits / streams;
        }

        public double upper95() {
            return ClopperPearson.upper(hits, streams, 0.95);
        }
    }
}
