package io.llmwatch.stats;

import java.nio.ByteBuffer;

/**
 * The incrementally maintained statistics of one {@code app/task/candidate} comparison: the paired
 * deltas {@code d} in [-1, 1] of candidate against incumbent on the same calls. Each {@link #add}
 * is O(1): the count, mean and variance (Welford's online algorithm, "Note on a method for
 * calculating corrected sums of squares and products", Technometrics 4(3), 1962), the
 * {@link ConfidenceSequence} used for decisions, and a bounded {@link Reservoir} of deltas for the
 * {@link Bootstrap} shown in reports.
 *
 * <p>Kept in a state store through {@link PairedDeltasSerde}; deterministic for a given seed and
 * order of deltas, across serialisation too. Mutable and not thread-safe.
 */
public final class PairedDeltas {

    /** Reservoir seed used unless another is given. */
    public static final long DEFAULT_SEED = 0x6C6C6D7761746368L;

    private static final byte FORMAT = 1;

    private final ConfidenceSequence sequence;
    private final Reservoir reservoir;
    private long n;
    private double mean;
    private double sumSquaredDeviations;

    /** Alpha 0.05, a reservoir of 2,000 deltas, the default seed. */
    public PairedDeltas() {
        this(ConfidenceSequence.DEFAULT_ALPHA, Reservoir.DEFAULT_CAPACITY, DEFAULT_SEED);
    }

    /**
     * @param alpha             error probability of the confidence sequence
     * @param reservoirCapacity how many deltas the bootstrap may draw on
     * @param seed              seed of the reservoir's sampling
     */
    public PairedDeltas(double alpha, int reservoirCapacity, long seed) {
        this(new ConfidenceSequence(alpha), new Reservoir(reservoirCapacity, seed), 0, 0, 0);
    }

    private PairedDeltas(ConfidenceSequence sequence, Reservoir reservoir, long n, double mean,
                         double sumSquaredDeviations) {
        this.sequence = sequence;
        this.reservoir = reservoir;
        this.n = n;
        this.mean = mean;
        this.sumSquaredDeviations = sumSquaredDeviations;
    }

    /**
     * Adds one paired delta (candidate minus incumbent on the same call).
     *
     * @return this
     * @throws IllegalArgumentException if {@code delta} is NaN or outside [-1, 1]
     */
    public PairedDeltas add(double delta) {
        if (!(delta >= -1 && delta <= 1)) {
            throw new IllegalArgumentException("a paired delta must lie in [-1, 1], got " + delta);
        }
        n++;
        double step = delta - mean;
        mean += step / n;
        sumSquaredDeviations += step * (delta - mean);
        sequence.update(delta);
        reservoir.add(delta);
        return this;
    }

    /** Deltas added so far. */
    public long n() {
        return n;
    }

    /** Mean delta; 0 before any. */
    public double mean() {
        return mean;
    }

    /** Sample variance (divisor {@code n - 1}); 0 below two deltas. */
    public double variance() {
        return n < 2 ? 0 : Math.max(0, sumSquaredDeviations / (n - 1));
    }

    public double stdDev() {
        return Math.sqrt(variance());
    }

    /** The anytime-valid running interval for the mean delta, the one verdicts are decided on. */
    public Interval anytimeInterval() {
        return sequence.interval();
    }

    /**
     * True once the confidence sequence's running intersection would have become empty: the deltas
     * no longer fit one constant mean, most likely because a model changed since the comparison
     * began (see {@link ConfidenceSequence#contradicted()}); a reason to start the comparison afresh.
     */
    public boolean contradicted() {
        return sequence.contradicted();
    }

    ConfidenceSequence sequence() {
        return sequence;
    }

    /** A copy of the reservoir's deltas: a uniform sample of at most its capacity. */
    public double[] sample() {
        return reservoir.values();
    }

    Reservoir reservoir() {
        return reservoir;
    }

    int serializedSize() {
        return 1 + Long.BYTES + 2 * Double.BYTES + ConfidenceSequence.serializedSize() + reservoir.serializedSize();
    }

    void writeTo(ByteBuffer out) {
        out.put(FORMAT).putLong(n).putDouble(mean).putDouble(sumSquaredDeviations);
        sequence.writeTo(out);
        reservoir.writeTo(out);
    }

    static PairedDeltas readFrom(ByteBuffer in) {
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown PairedDeltas format " + format);
        }
        long n = in.getLong();
        double mean = in.getDouble();
        double sumSquaredDeviations = in.getDouble();
        ConfidenceSequence sequence = ConfidenceSequence.readFrom(in);
        Reservoir reservoir = Reservoir.readFrom(in);
        if (sequence.n() != n || reservoir.seen() != n) {
            throw new IllegalArgumentException("corrupt PairedDeltas: counts " + n + ", " + sequence.n()
                    + ", " + reservoir.seen() + " differ");
        }
        return new PairedDeltas(sequence, reservoir, n, mean, sumSquaredDeviations);
    }
}
