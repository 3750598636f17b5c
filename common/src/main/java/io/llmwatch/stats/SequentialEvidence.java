package io.llmwatch.stats;

import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.Interval;
import io.llmwatch.event.Verdict;
import io.llmwatch.text.Texts;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The evidence of one {@code app/task/candidate} comparison over its whole life: the paired deltas
 * since the last restart (whose confidence sequence decides the verdict), a {@link ConfidenceSequenceDetector}
 * watching them, and how often the evidence has been started afresh.
 *
 * <p><b>Restarts.</b> The confidence sequence assumes one mean. When the detector sees the mean move
 * (an alarm), the deltas gathered before describe another regime and are dropped: the comparison
 * starts afresh at once, so that the sequence shown tracks the mean in force.
 *
 * <p><b>Only a fall revokes.</b> The question a verdict answers is one-sided: is the candidate's
 * mean delta above {@code -margin}? A fall of the mean (the candidate got worse, or the incumbent
 * better) can make that false, so after a {@link Shift#DOWN} alarm nothing decided before holds and
 * the fresh evidence starts from nothing. A rise (the incumbent broke, or the candidate improved)
 * cannot: whatever lower bound the evidence had is still a lower bound of the new, higher mean. So
 * after a {@link Shift#UP} alarm the estimate restarts as well (the old deltas would pin the mean,
 * the bootstrap and the sequence's upper bound to the old regime, and the running intersection would
 * soon contradict itself), but the lower bound in force is carried into the fresh evidence as a floor
 * ({@link PairedDeltas}): its interval is its own raised to that floor, so a candidate that was
 * non-inferior stays so across the rise, and the recommendation does not fall back to a broken
 * incumbent. Had it been revoked, every candidate of a task whose incumbent breaks would lose its
 * eligibility at once and the broken incumbent, always eligible, would be recommended again. Should
 * the mean then fall below the floor, the fresh sequence contradicts it: a fall, which revokes.
 * The direction is read off the detector's two disagreeing sequences (the later one above the
 * earlier one: a rise); misreading a fall as a rise is the one new risk, and the simulations of
 * repeated shifts measure it with the lifetime error below (docs/decisions.md).
 *
 * <p><b>Error spending.</b> Each restart gets a fresh sequence, and with it a fresh chance of a false
 * verdict. So that a comparison's lifetime probability of ever showing a false {@code non_inferior}
 * stays at most {@code alpha}, the k-th evidence (k = 1 before any restart) is decided at
 * {@code alpha_k = 6 alpha / (pi^2 k^2)}, which sums to {@code alpha} over all k (the Basel series).
 * Each restart time is a stopping time, so the fresh sequence after it is valid conditionally on
 * the past, and the union bound over restarts gives the lifetime guarantee. A floor carried over a
 * rise is wrong only if the lower bound of an earlier evidence was, an event already paid for by that
 * evidence's share, so carrying it spends nothing new: the lifetime bound stays at {@code alpha}. The
 * level shown for an interval with a floor subtracts the floor's error (the shares of the evidences it
 * came from) as well. The non-inferiority
 * test is one-sided: its lower bound alone decides, so the sequence is built two-sided at
 * {@code 2 alpha_k} (each side {@code alpha_k}); the interval shown is that two-sided one.
 *
 * <p><b>Detector level.</b> The detector's sequences run at {@code alpha / 5} (0.01 at the default
 * alpha): its average run length before a false alarm is then at least {@code 5 / alpha} pairs by
 * Shekhar and Ramdas' bound, and measured far longer (docs/decisions.md). A false alarm costs only
 * evidence, never a false verdict: restarts are paid for by the error spending above.
 *
 * <p>Mutable and not thread-safe; serialised with {@link #writeTo} for a state store.
 */
public final class SequentialEvidence {

    /** Lifetime error probability used unless the task sets {@code alpha}. */
    public static final double DEFAULT_ALPHA = 0.05;

    /** The detector runs at {@code alpha / DETECTOR_SHARE}. */
    static final double DETECTOR_SHARE = 5;

    private static final byte FORMAT = 2;

    private final double alpha;
    private final long seed;
    private int restarts;
    private long pairsBefore;
    private PairedDeltas deltas;
    private ConfidenceSequenceDetector detector;
    private String lastAlarm;
    private Shift lastShift;

    /** Lifetime alpha 0.05. */
    public SequentialEvidence() {
        this(DEFAULT_ALPHA);
    }

    /** @param alpha the lifetime probability of a false {@code non_inferior} verdict, in (0, 1) */
    public SequentialEvidence(double alpha) {
        this(alpha, PairedDeltas.DEFAULT_SEED, 0, 0, null, null, null, null);
        this.deltas = freshDeltas(-1, 0);
        this.detector = new ConfidenceSequenceDetector(alpha / DETECTOR_SHARE);
    }

    private SequentialEvidence(double alpha, long seed, int restarts, long pairsBefore, PairedDeltas deltas,
            ConfidenceSequenceDetector detector, String lastAlarm, Shift lastShift) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        this.alpha = alpha;
        this.seed = seed;
        this.restarts = restarts;
        this.pairsBefore = pairsBefore;
        this.deltas = deltas;
        this.detector = detector;
        this.lastAlarm = lastAlarm;
        this.lastShift = lastShift;
    }

    /** {@code 6 alpha / (pi^2 k^2)}: the one-sided error the k-th evidence (k >= 1) may spend. */
    public static double spent(double alpha, int k) {
        return 6 * alpha / (Math.PI * Math.PI * k * (double) k);
    }

    private PairedDeltas freshDeltas(double floor, double floorAlpha) {
        return new PairedDeltas(2 * spent(alpha, restarts + 1), Reservoir.DEFAULT_CAPACITY, seed + restarts, floor,
                floorAlpha);
    }

    /**
     * Adds one paired delta in [-1, 1].
     *
     * @return true when it raised an alarm: the evidence has just started afresh
     */
    public boolean add(double delta) {
        deltas.add(delta);
        Shift shift;
        String saw;
        if (detector.update(delta)) {
            shift = detector.shift();
            saw = detector.alarm();
        } else if (deltas.contradicted()) {
            shift = deltas.contradiction();
            saw = deltas.sequence().contradicted() ? "the confidence sequence since the last restart contradicts itself"
                    : "the confidence sequence since the last restart fell below the bound carried over the last rise";
        } else {
            return false;
        }
        restart(shift, "after " + Texts.count(deltas.n()) + " pairs the mean " + shift.verb() + ": " + saw);
        return true;
    }

    /**
     * Starts the evidence afresh, spending the next share of alpha; {@code reason} says why. After a
     * rise the lower bound in force is carried over as a floor (see the class comment).
     */
    private void restart(Shift shift, String reason) {
        Interval inForce = deltas.anytimeInterval();
        // the floor is wrong only if the evidence in force was: its own share plus its floor's
        double floorAlpha = alphaInForce() + deltas.floorAlpha();
        boolean carry = shift == Shift.UP && inForce.lower() > -1;
        pairsBefore += deltas.n();
        restarts++;
        lastAlarm = reason;
        lastShift = shift;
        deltas = carry ? freshDeltas(inForce.lower(), floorAlpha) : freshDeltas(-1, 0);
        detector = new ConfidenceSequenceDetector(alpha / DETECTOR_SHARE);
    }

    /** The deltas since the last restart; their confidence sequence is the one in force. */
    public PairedDeltas current() {
        return deltas;
    }

    /** The lifetime alpha. */
    public double alpha() {
        return alpha;
    }

    /** The one-sided alpha the evidence in force is decided at. */
    public double alphaInForce() {
        return spent(alpha, restarts + 1);
    }

    /** How often the evidence has started afresh. */
    public int restarts() {
        return restarts;
    }

    /** Pairs since the last restart. */
    public long n() {
        return deltas.n();
    }

    /** Pairs over the whole life, restarts included. */
    public long lifetimePairs() {
        return pairsBefore + deltas.n();
    }

    /** Which way the mean moved at the last alarm, or null if there was none. */
    public Shift lastShift() {
        return lastShift;
    }

    /** Why the evidence last started afresh, or null if it never did. */
    public String lastAlarm() {
        return lastAlarm;
    }

    /** The verdict of the evidence in force at {@code margin}. */
    public Verdict verdict(double margin) {
        return Verdict.of(deltas.anytimeInterval(), margin);
    }

    /** Where the evidence stands at {@code margin}: {@link EvidenceState#of(Verdict, boolean)}. */
    public EvidenceState state(double margin) {
        return EvidenceState.of(verdict(margin), lastShift == Shift.DOWN);
    }

    int serializedSize() {
        byte[] alarm = bytes(lastAlarm);
        return 1 + Double.BYTES + Long.BYTES + Integer.BYTES + Long.BYTES + 1 + Integer.BYTES + alarm.length
                + deltas.serializedSize() + detector.serializedSize();
    }

    void writeTo(ByteBuffer out) {
        byte[] alarm = bytes(lastAlarm);
        out.put(FORMAT).putDouble(alpha).putLong(seed).putInt(restarts).putLong(pairsBefore);
        out.put((byte) (lastShift == null ? 0 : lastShift == Shift.DOWN ? 1 : 2));
        out.putInt(alarm.length).put(alarm);
        deltas.writeTo(out);
        detector.writeTo(out);
    }

    static SequentialEvidence readFrom(ByteBuffer in) {
        byte format = in.get();
        if (format != FORMAT && format != 1) {
            throw new IllegalArgumentException("unknown SequentialEvidence format " + format);
        }
        double alpha = in.getDouble();
        long seed = in.getLong();
        int restarts = in.getInt();
        long pairsBefore = in.getLong();
        // format 1 had no direction: every alarm revoked, as a fall does
        byte shift = format == 1 ? (byte) (restarts > 0 ? 1 : 0) : in.get();
        Shift lastShift = shift == 0 ? null : shift == 2 ? Shift.UP : Shift.DOWN;
        byte[] alarm = new byte[in.getInt()];
        in.get(alarm);
        PairedDeltas deltas = PairedDeltas.readFrom(in);
        ConfidenceSequenceDetector detector = ConfidenceSequenceDetector.readFrom(in);
        return new SequentialEvidence(alpha, seed, restarts, pairsBefore, deltas, detector,
                alarm.length == 0 ? null : new String(alarm, StandardCharsets.UTF_8), lastShift);
    }

    private static byte[] bytes(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}
