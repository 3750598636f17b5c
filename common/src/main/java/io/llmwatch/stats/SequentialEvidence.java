package io.llmwatch.stats;

import io.llmwatch.text.Texts;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The evidence of one {@code app/task/candidate} comparison over its whole life: the paired deltas
 * since the last restart (whose confidence sequence decides the verdict), a {@link ConfidenceSequenceDetector}
 * watching them, and how often the evidence has been started afresh.
 *
 * <p><b>Restarts.</b> The confidence sequence assumes one mean. When the detector sees the mean move
 * (an alarm), the deltas gathered before describe another model and are dropped: the comparison
 * starts afresh at once, and what was decided on them no longer holds.
 *
 * <p><b>Error spending.</b> Each restart gets a fresh sequence, and with it a fresh chance of a false
 * verdict. So that a comparison's lifetime probability of ever showing a false {@code non_inferior}
 * stays at most {@code alpha}, the k-th evidence (k = 1 before any restart) is decided at
 * {@code alpha_k = 6 alpha / (pi^2 k^2)}, which sums to {@code alpha} over all k (the Basel series).
 * Each restart time is a stopping time, so the fresh sequence after it is valid conditionally on
 * the past, and the union bound over restarts gives the lifetime guarantee. The non-inferiority
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

    private static final byte FORMAT = 1;

    private final double alpha;
    private final long seed;
    private int restarts;
    private long pairsBefore;
    private PairedDeltas deltas;
    private ConfidenceSequenceDetector detector;
    private String lastAlarm;

    /** Lifetime alpha 0.05. */
    public SequentialEvidence() {
        this(DEFAULT_ALPHA);
    }

    /** @param alpha the lifetime probability of a false {@code non_inferior} verdict, in (0, 1) */
    public SequentialEvidence(double alpha) {
        this(alpha, PairedDeltas.DEFAULT_SEED, 0, 0, null, null, null);
        this.deltas = freshDeltas();
        this.detector = new ConfidenceSequenceDetector(alpha / DETECTOR_SHARE);
    }

    private SequentialEvidence(double alpha, long seed, int restarts, long pairsBefore, PairedDeltas deltas,
            ConfidenceSequenceDetector detector, String lastAlarm) {
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
    }

    /** {@code 6 alpha / (pi^2 k^2)}: the one-sided error the k-th evidence (k >= 1) may spend. */
    public static double spent(double alpha, int k) {
        return 6 * alpha / (Math.PI * Math.PI * k * (double) k);
    }

    private PairedDeltas freshDeltas() {
        return new PairedDeltas(2 * spent(alpha, restarts + 1), Reservoir.DEFAULT_CAPACITY, seed + restarts);
    }

    /**
     * Adds one paired delta in [-1, 1].
     *
     * @return true when it raised an alarm: the evidence has just started afresh
     */
    public boolean add(double delta) {
        deltas.add(delta);
        String alarm = null;
        if (detector.update(delta)) {
            alarm = "the mean moved: " + detector.alarm();
        } else if (deltas.contradicted()) {
            alarm = "the mean moved: the confidence sequence since the last restart contradicts itself";
        }
        if (alarm == null) {
            return false;
        }
        restart("after " + Texts.count(deltas.n()) + " pairs " + alarm);
        return true;
    }

    /** Starts the evidence afresh, spending the next share of alpha; {@code reason} says why. */
    public void restart(String reason) {
        pairsBefore += deltas.n();
        restarts++;
        lastAlarm = reason;
        deltas = freshDeltas();
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

    /** Why the evidence last started afresh, or null if it never did. */
    public String lastAlarm() {
        return lastAlarm;
    }

    /** The verdict of the evidence in force at {@code margin}. */
    public Verdict verdict(double margin) {
        return Verdict.of(deltas.anytimeInterval(), margin);
    }

    int serializedSize() {
        byte[] alarm = bytes(lastAlarm);
        return 1 + Double.BYTES + Long.BYTES + Integer.BYTES + Long.BYTES + Integer.BYTES + alarm.length
                + deltas.serializedSize() + detector.serializedSize();
    }

    void writeTo(ByteBuffer out) {
        byte[] alarm = bytes(lastAlarm);
        out.put(FORMAT).putDouble(alpha).putLong(seed).putInt(restarts).putLong(pairsBefore);
        out.putInt(alarm.length).put(alarm);
        deltas.writeTo(out);
        detector.writeTo(out);
    }

    static SequentialEvidence readFrom(ByteBuffer in) {
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown SequentialEvidence format " + format);
        }
        double alpha = in.getDouble();
        long seed = in.getLong();
        int restarts = in.getInt();
        long pairsBefore = in.getLong();
        byte[] alarm = new byte[in.getInt()];
        in.get(alarm);
        PairedDeltas deltas = PairedDeltas.readFrom(in);
        ConfidenceSequenceDetector detector = ConfidenceSequenceDetector.readFrom(in);
        return new SequentialEvidence(alpha, seed, restarts, pairsBefore, deltas, detector,
                alarm.length == 0 ? null : new String(alarm, StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}
