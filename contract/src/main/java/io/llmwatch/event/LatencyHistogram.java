package io.llmwatch.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A mergeable latency histogram with logarithmic buckets (relative error about 2.5 %), so that
 * quantiles of a window, or of many windows merged, need bounded memory: a bucket per 5 % of range,
 * a few hundred at most between 1 ms and an hour. The same idea as DDSketch (Masson et al., 2019),
 * kept to the few lines llmwatch needs.
 *
 * <p>Its bucket numbers are part of the {@code llmwatch.model-stats} wire contract ({@link
 * ModelStats#SCHEMA}, docs/architecture.md §3, "Latency histogram"): JSON {@code {"counts":
 * {"<bucket>": <count>, ...}}}, where bucket {@code i} holds latencies in ({@link #GAMMA}^(i−1),
 * {@link #GAMMA}^i] ms and {@link #SUB_MILLISECOND} those below 1 ms. Every reader merges windows
 * bucket by bucket, so changing either constant needs a new schema version.
 *
 * <p>The buckets are kept in two sorted primitive arrays rather than a map: the scorer adds every
 * call's latency to one and writes it to a state store (see {@code StatsCombiner}), and a boxed map
 * entry per bucket cost more than the arithmetic. Mutable, not thread-safe.
 */
public final class LatencyHistogram {

    /** Growth factor between bucket bounds (wire contract of {@link ModelStats#SCHEMA}). */
    public static final double GAMMA = 1.05;
    /** Bucket of values below 1 ms, including 0 (wire contract of {@link ModelStats#SCHEMA}). */
    public static final int SUB_MILLISECOND = Integer.MIN_VALUE;

    private static final double LOG_GAMMA = Math.log(GAMMA);

    /** Bucket numbers in ascending order ({@link #SUB_MILLISECOND} first), the first {@code size} in use. */
    private int[] buckets;
    /** The count of each bucket of {@link #buckets}, at the same index. */
    private long[] counts;
    private int size;
    private long total;

    public LatencyHistogram() {
        this(0);
    }

    /**
     * Room for {@code buckets}, rounded up to a power of two (at least 8), as the arrays grow: so that
     * equal histograms are equal field by field, however they were built.
     */
    private LatencyHistogram(int buckets) {
        this.buckets = new int[capacity(buckets)];
        this.counts = new long[capacity(buckets)];
    }

    private static int capacity(int buckets) {
        return Math.max(8, Integer.highestOneBit(Math.max(1, buckets - 1)) << 1);
    }

    @JsonCreator
    public LatencyHistogram(@JsonProperty("counts") Map<Integer, Long> counts) {
        this(counts == null ? 0 : counts.size());
        if (counts != null) {
            // in bucket order, so that each bucket is appended: JSON from elsewhere may hold any number, in any order
            TreeMap<Integer, Long> sorted = new TreeMap<>();
            counts.forEach((bucket, count) -> {
                if (bucket != null && count != null) {
                    sorted.put(bucket, count);
                }
            });
            sorted.forEach(this::addToBucket);
        }
    }

    /** The count per bucket, in bucket order: a copy, for the JSON form and for readers. */
    @JsonProperty("counts")
    public SortedMap<Integer, Long> counts() {
        TreeMap<Integer, Long> map = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            map.put(buckets[i], counts[i]);
        }
        return Collections.unmodifiableSortedMap(map);
    }

    /** How many buckets hold a count (a count of 0 read from JSON included). */
    public int bucketCount() {
        return size;
    }

    /** Calls {@code action} with each bucket and its count, in bucket order, without boxing. */
    public void forEachBucket(BucketAction action) {
        for (int i = 0; i < size; i++) {
            action.accept(buckets[i], counts[i]);
        }
    }

    public long total() {
        return total;
    }

    public LatencyHistogram add(double millis) {
        return addToBucket(bucket(millis), 1);
    }

    /** Adds {@code count} to a bucket: how a reader rebuilds a histogram from its buckets. */
    public LatencyHistogram addToBucket(int bucket, long count) {
        int i = Arrays.binarySearch(buckets, 0, size, bucket);
        if (i >= 0) {
            counts[i] += count;
        } else {
            insert(-i - 1, bucket, count);
        }
        total += count;
        return this;
    }

    /** Adds every count of {@code other}: one pass over both, however many buckets either has. */
    public LatencyHistogram merge(LatencyHistogram other) {
        int capacity = capacity(size + other.size);
        int[] mergedBuckets = new int[capacity];
        long[] mergedCounts = new long[capacity];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < size || j < other.size) {
            if (j == other.size || (i < size && buckets[i] < other.buckets[j])) {
                mergedBuckets[n] = buckets[i];
                mergedCounts[n++] = counts[i++];
            } else if (i == size || other.buckets[j] < buckets[i]) {
                mergedBuckets[n] = other.buckets[j];
                mergedCounts[n++] = other.counts[j++];
            } else {
                mergedBuckets[n] = buckets[i];
                mergedCounts[n++] = counts[i++] + other.counts[j++];
            }
        }
        buckets = Arrays.copyOf(mergedBuckets, capacity(n));
        counts = Arrays.copyOf(mergedCounts, capacity(n));
        size = n;
        total += other.total;
        return this;
    }

    /** The q-quantile (0..1) in milliseconds, or null when empty. */
    public Double quantile(double q) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < size; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return value(buckets[i]);
            }
        }
        return value(buckets[size - 1]);
    }

    public LatencyHistogram copy() {
        LatencyHistogram copy = new LatencyHistogram(size);
        System.arraycopy(buckets, 0, copy.buckets, 0, size);
        System.arraycopy(counts, 0, copy.counts, 0, size);
        copy.size = size;
        copy.total = total;
        return copy;
    }

    private void insert(int at, int bucket, long count) {
        if (size == buckets.length) {
            buckets = Arrays.copyOf(buckets, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        System.arraycopy(buckets, at, buckets, at + 1, size - at);
        System.arraycopy(counts, at, counts, at + 1, size - at);
        buckets[at] = bucket;
        counts[at] = count;
        size++;
    }

    private static int bucket(double millis) {
        return millis < 1 ? SUB_MILLISECOND : (int) Math.ceil(Math.log(millis) / LOG_GAMMA);
    }

    private static double value(int bucket) {
        // midpoint of (gamma^(i-1), gamma^i] in relative terms
        return bucket == SUB_MILLISECOND ? 0.5 : Math.pow(GAMMA, bucket) * 2 / (1 + GAMMA);
    }

    /** Receives a bucket and its count. */
    @FunctionalInterface
    public interface BucketAction {
        void accept(int bucket, long count);
    }
}
