package io.llmwatch.stats;

import io.llmwatch.text.Texts;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Detects a change in the mean of a stream of paired deltas with a controlled false-alarm rate and
 * a delay that does not grow with the length of the stable history before the change.
 *
 * <p>Implemented: the reduction of S. Shekhar and A. Ramdas, "Reducing sequential change detection
 * to sequential estimation", arXiv:2309.09111, 2023. Confidence sequences for the mean are started
 * at several times; while the mean stays put they all cover it, so they keep a common point. The
 * detector raises an alarm as soon as their intersection is empty (for intervals on a line: as soon
 * as two of them are disjoint). Each sequence is a {@link ConfidenceSequence} at level
 * {@code 1 - alpha}, so before a change the expected time to a false alarm is at least
 * {@code 1 / alpha} (the paper's Theorem on the average run length: every false alarm needs a start
 * whose sequence missed the mean, and each start misses with probability at most {@code alpha}).
 * Starting fewer sequences than the paper's one per observation keeps that bound.
 *
 * <p>Direction ({@link #shift()}): each sequence covers the mean of its own stretch of pairs, so
 * when two no longer overlap, the one started later lies above the earlier one if the mean rose and
 * below it if it fell; a single sequence that contradicts itself says which way its data left it.
 * The caller treats the two differently ({@link SequentialEvidence}: only a fall revokes a verdict).
 *
 * <p>Start times: the paper starts one sequence per observation, which is O(t) state. Here the starts
 * are a geometric grid: for each level {@code j} from {@value #MIN_LEVEL} to {@value #MAX_LEVEL},
 * the latest two multiples of {@code 2^j} pairs, plus the first pair. After a change at time
 * {@code c}, the level whose spacing is about half the pairs a fresh sequence needs to see the new
 * mean has a start within that spacing after {@code c} that lives long enough, so the delay is at
 * most about 1.5 times what a sequence started exactly at the change needs, whatever came before. At
 * most {@code 2 (MAX_LEVEL - MIN_LEVEL + 1) + 1} sequences are kept, a dozen in practice since the
 * multiples of different levels coincide (about 1 KB serialised).
 *
 * <p>Mutable and not thread-safe.
 */
public final class ConfidenceSequenceDetector {

    /** Smallest spacing of starts, {@code 2^MIN_LEVEL} pairs: younger sequences are too wide to matter. */
    static final int MIN_LEVEL = 5;
    /** Largest spacing of starts, {@code 2^MAX_LEVEL} pairs; the first pair is always a start as well. */
    static final int MAX_LEVEL = 16;

    private final double alpha;
    private long t;
    /** Start time (pairs before it) and sequence, in increasing start order. */
    private final List<Start> starts;
    private String alarm;
    private Shift shift;

    /** @param alpha the level of every sequence: the expected time to a false alarm is at least 1 / alpha */
    public ConfidenceSequenceDetector(double alpha) {
        this(alpha, 0, new ArrayList<>(List.of(new Start(0, new ConfidenceSequence(alpha)))));
    }

    private ConfidenceSequenceDetector(double alpha, long t, List<Start> starts) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        this.alpha = alpha;
        this.t = t;
        this.starts = starts;
    }

    /**
     * Adds one paired delta in [-1, 1] to every sequence.
     *
     * @return true when the sequences have become inconsistent: the mean has changed
     */
    public boolean update(double delta) {
        if (t > 0 && t % (1L << MIN_LEVEL) == 0) {
            regrid();
        }
        t++;
        Start highest = null;
        Start lowest = null;
        for (Start start : starts) {
            start.sequence.update(delta);
            if (highest == null || start.sequence.lower() > highest.sequence.lower()) {
                highest = start;
            }
            if (lowest == null || start.sequence.upper() < lowest.sequence.upper()) {
                lowest = start;
            }
        }
        if (highest.sequence.lower() > lowest.sequence.upper()) {
            // The sequences cover the mean of their own stretches: the one started later lies above
            // the earlier one when the mean rose, below it when it fell.
            shift = highest.at > lowest.at ? Shift.UP : Shift.DOWN;
            alarm = describe(highest, lowest);
            return true;
        }
        for (Start start : starts) {
            if (start.sequence.contradicted()) {
                shift = start.sequence.contradiction();
                alarm = "the pairs since pair " + (start.at + 1) + " no longer fit one mean";
                return true;
            }
        }
        return false;
    }

    /** "pairs 1–2,500 say [−0.031, +0.012], pairs 2,497–2,590 say [−0.402, −0.105]". */
    private String describe(Start a, Start b) {
        Start older = a.at <= b.at ? a : b;
        Start newer = older == a ? b : a;
        return "pairs " + range(older) + " show " + Texts.interval("CS", older.sequence.interval()) + ", pairs "
                + range(newer) + " show " + Texts.interval("CS", newer.sequence.interval());
    }

    private String range(Start start) {
        return Texts.count(start.at + 1) + "–" + Texts.count(t);
    }

    /** What the last alarm saw (two sequences that no longer overlap), or null before any. */
    public String alarm() {
        return alarm;
    }

    /** Keeps the starts on the grid at time {@code t} and starts a sequence at {@code t}. */
    private void regrid() {
        List<Start> kept = new ArrayList<>();
        for (Start start : starts) {
            if (onGrid(start.at, t)) {
                kept.add(start);
            }
        }
        kept.add(new Start(t, new ConfidenceSequence(alpha)));
        starts.clear();
        starts.addAll(kept);
    }

    /** Whether {@code start} is the first pair or one of the latest two multiples of some level at {@code now}. */
    static boolean onGrid(long start, long now) {
        if (start == 0) {
            return true;
        }
        for (int level = MIN_LEVEL; level <= MAX_LEVEL; level++) {
            long spacing = 1L << level;
            long latest = now / spacing * spacing;
            if (start == latest || start == latest - spacing) {
                return true;
            }
        }
        return false;
    }

    /** Which way the mean moved at the last alarm, or null before any. */
    public Shift shift() {
        return shift;
    }

    /** Pairs seen. */
    public long n() {
        return t;
    }

    public double alpha() {
        return alpha;
    }

    /** How many sequences are running now. */
    public int sequences() {
        return starts.size();
    }

    int serializedSize() {
        return Double.BYTES + Long.BYTES + Integer.BYTES + starts.size() * (Long.BYTES + ConfidenceSequence.serializedSize());
    }

    void writeTo(ByteBuffer out) {
        out.putDouble(alpha).putLong(t).putInt(starts.size());
        for (Start start : starts) {
            out.putLong(start.at);
            start.sequence.writeTo(out);
        }
    }

    static ConfidenceSequenceDetector readFrom(ByteBuffer in) {
        double alpha = in.getDouble();
        long t = in.getLong();
        int count = in.getInt();
        if (count < 1 || count > 2 * (MAX_LEVEL - MIN_LEVEL + 2)) {
            throw new IllegalArgumentException("corrupt change detector: " + count + " sequences");
        }
        List<Start> starts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            starts.add(new Start(in.getLong(), ConfidenceSequence.readFrom(in)));
        }
        return new ConfidenceSequenceDetector(alpha, t, starts);
    }

    private record Start(long at, ConfidenceSequence sequence) {
    }
}
