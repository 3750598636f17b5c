package io.llmwatch.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A uniform random sample of bounded size from a stream of paired deltas, kept by Vitter's
 * Algorithm R ("Random sampling with a reservoir", ACM TOMS 11(1), 1985): after {@code seen}
 * values, each of them is in the sample with probability {@code min(1, capacity / seen)}. It feeds
 * the {@link Bootstrap}, which must not grow with the stream.
 *
 * <p>Deterministic: the generator is seeded and its state is part of the serialised form, so the
 * same stream gives the same sample, across restarts too. Values are held as {@code float}, which
 * represents the usual judge outputs (-1, 0, 1, halves) exactly and loses nothing that matters to a
 * percentile interval, at half the state-store size. Mutable and not thread-safe.
 */
public final class Reservoir {

    /** Capacity used unless another is given. */
    public static final int DEFAULT_CAPACITY = 2_000;

    private static final int INITIAL_ALLOCATION = 16;

    private final int capacity;
    private final SplitMix64 random;
    private long seen;
    private float[] values;
    private int size;

    public Reservoir(int capacity, long seed) {
        this(checked(capacity), new SplitMix64(seed), 0, new float[Math.min(capacity, INITIAL_ALLOCATION)], 0);
    }

    private static int checked(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("reservoir capacity must be at least 1, got " + capacity);
        }
        return capacity;
    }

    private Reservoir(int capacity, SplitMix64 random, long seen, float[] values, int size) {
        this.capacity = capacity;
        this.random = random;
        this.seen = seen;
        this.values = values;
        this.size = size;
    }

    /** Offers one value to the sample. */
    public void add(double value) {
        seen++;
        if (size < capacity) {
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.min(capacity, 2 * values.length));
            }
            values[size++] = (float) value;
            return;
        }
        long slot = random.nextLong(seen);
        if (slot < capacity) {
            values[(int) slot] = (float) value;
        }
    }

    public int capacity() {
        return capacity;
    }

    /** How many values have been offered in all. */
    public long seen() {
        return seen;
    }

    /** How many values the sample holds: {@code min(seen, capacity)}. */
    public int size() {
        return size;
    }

    /** A copy of the sample, in slot order. */
    public double[] values() {
        double[] copy = new double[size];
        for (int i = 0; i < size; i++) {
            copy[i] = values[i];
        }
        return copy;
    }

    int serializedSize() {
        return Integer.BYTES + 2 * Long.BYTES + Integer.BYTES + size * Float.BYTES;
    }

    void writeTo(ByteBuffer out) {
        out.putInt(capacity).putLong(seen).putLong(random.state()).putInt(size);
        for (int i = 0; i < size; i++) {
            out.putFloat(values[i]);
        }
    }

    static Reservoir readFrom(ByteBuffer in) {
        int capacity = in.getInt();
        long seen = in.getLong();
        long state = in.getLong();
        int size = in.getInt();
        if (capacity < 1 || size < 0 || size > capacity || size != Math.min(seen, capacity)) {
            throw new IllegalArgumentException("corrupt reservoir: capacity " + capacity + ", size " + size + ", seen " + seen);
        }
        float[] values = new float[Math.max(size, Math.min(capacity, INITIAL_ALLOCATION))];
        for (int i = 0; i < size; i++) {
            values[i] = in.getFloat();
        }
        return new Reservoir(capacity, new SplitMix64(state), seen, values, size);
    }
}
