package io.llmwatch.stats;

import io.llmwatch.event.Interval;
import java.nio.ByteBuffer;
import java.util.OptionalDouble;

/**
 * The incrementally maintained statistics of one {@code app/task/candidate} comparison: the paired
 * deltas {@code d} in [-1, 1] of candidate against incumbent on the same calls. Each {@link #add}
 * is O(1): the count, mean and variance (Welford's online algorithm, "Note on a method for
 * calculating corrected sums of squares and products", Technometrics 4(3), 1962), the
 * {@link ConfidenceSequence} used for decisions, and a bounded {@link Reservoir} of deltas for the
 * {@link Bootstrap} shown in reports.
 *
 * <p>A lower bound on the mean may be carried in from earlier evidence ({@link SequentialEvidence}
 * does so when the mean rose): the interval reported is then the sequence's own intersected with
 * it, and a sequence that falls wholly below it contradicts it.
 *
 * <p>Kept in a state store through {@link PairedDeltasSerde}; deterministic for a given seed and
 * order of deltas, across serialisation too. Mutable and not thread-safe.
 */
public final class PairedDeltas {

    /** Reservoir seed used unless another is given. */
    public static final long DEFAULT_SEED = 0x6C6C6D7761746368L;

    private static final byte FORMAT = 2;
    private static final double NO_FLOOR = -1;

    private final ConfidenceSequence sequence;
    private final Reservoir reservoir;
    /** A lower bound on the mean carried in from earlier evidence, {@value #NO_FLOOR} without one. */
    private final double floor;
    /** The probability that {@code floor} is wrong (already spent by the evidence it came from); 0 without one. */
    private final double floorAlpha;
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
        this(alpha, reservoirCapacity, seed, NO_FLOOR, 0);
    }

    /**
     * @param floor      a lower bound on the mean known from earlier evidence, -1 for none
     * @param floorAlpha the probability that {@code floor} is wrong, in [0, 1); 0 with no floor
     */
    public PairedDeltas(double alpha, int reservoirCapacity, long seed, double floor, double floorAlpha) {
        this(new ConfidenceSequence(alpha), new Reservoir(reservoirCapacity, seed), floor, floorAlpha, 0, 0, 0);
    }

    private PairedDeltas(ConfidenceSequence sequence, Reservoir reservoir, double floor, double floorAlpha, long n,
                         double mean, double sumSquaredDeviations) {
        if (!(floor >= -1 && floor <= 1) || !(floorAlpha >= 0 && floorAlpha < 1)) {
            throw new IllegalArgumentException("floor must be in [-1, 1] and its alpha in [0, 1), got " + floor
                    + " at " + floorAlpha);
        }
        this.sequence = sequence;
        this.reservoir = reservoir;
        this.floor = floor;
        this.floorAlpha = floorAlpha;
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

    /**
     * The anytime-valid running interval for the mean delta, the one verdicts are decided on: the
     * sequence's own, raised to the floor carried in. Its level counts the floor's error too.
     */
    public Interval anytimeInterval() {
        Interval own = sequence.interval();
        if (floorAlpha == 0) {
            return own;
        }
        // A floor above the whole sequence is a contradiction: the caller starts afresh
        double lower = floor > own.upper() ? own.lower() : Math.max(own.lower(), floor);
        return new Interval(lower, own.upper(), own.level() - floorAlpha);
    }

    /** The lower bound carried in from earlier evidence, or empty without one. */
    public OptionalDouble floor() {
        return floorAlpha == 0 ? OptionalDouble.empty() : OptionalDouble.of(floor);
    }

    /** The probability that the floor is wrong; 0 without one. */
    public double floorAlpha() {
        return floorAlpha;
    }

    /**
     * True once the confidence sequence's running intersection would have become empty: the deltas
     * no longer fit one constant mean, most likely because a model changed since the comparison
     * began (see {@link ConfidenceSequence#contradicted()}); a reason to start the comparison afresh.
     */
    public boolean contradicted() {
        return contradiction() != null;
    }

    /**
     * Which way the deltas left the interval: the sequence's own contradiction, or a fall below the
     * floor carried in; null while they fit.
     */
    public Shift contradiction() {
        if (sequence.contradicted()) {
            return sequence.contradiction();
        }
        return floorAlpha > 0 && floor > sequence.upper() ? Shift.DOWN : null;
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
        return 1 + Long.BYTES + 4 * Double.BYTES + ConfidenceSequence.serializedSize() + reservoir.serializedSize();
    }

    void writeTo(ByteBuffer out) {
        out.put(FORMAT).putDouble(floor).putDouble(floorAlpha).putLong(n).putDouble(mean).putDouble(sumSquaredDeviations);
        sequence.writeTo(out);
        reservoir.writeTo(out);
    }

    static PairedDeltas readFrom(ByteBuffer in) {
        byte format = in.get();
        if (format != FORMAT && format != 1) {
            throw new IllegalArgumentException("unknown PairedDeltas format " + format);
        }
        // format 1 had no floor
        double floor = format == 1 ? NO_FLOOR : in.getDouble();
        double floorAlpha = format == 1 ? 0 : in.getDouble();
        long n = in.getLong();
        double mean = in.getDouble();
        double sumSquaredDeviations = in.getDouble();
        ConfidenceSequence sequence = ConfidenceSequence.readFrom(in);
        Reservoir reservoir = Reservoir.readFrom(in);
        if (sequence.n() != n || reservoir.seen() != n) {
            throw new IllegalArgumentException("corrupt PairedDeltas: counts " + n + ", " + sequence.n()
                    + ", " + reservoir.seen() + " differ");
        }
        return new PairedDeltas(sequence, reservoir, floor, floorAlpha, n, mean, sumSquaredDeviations);
    }
}
