package io.llmwatch.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
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
 */
public final class LatencyHistogram {

    /** Growth factor between bucket bounds (wire contract of {@link ModelStats#SCHEMA}). */
    public static final double GAMMA = 1.05;
    /** Bucket of values below 1 ms, including 0 (wire contract of {@link ModelStats#SCHEMA}). */
    public static final int SUB_MILLISECOND = Integer.MIN_VALUE;

    private static final double LOG_GAMMA = Math.log(GAMMA);

    private final TreeMap<Integer, Long> counts;
    private long total;

    public LatencyHistogram() {
        this.counts = new TreeMap<>();
    }

    @JsonCreator
    public LatencyHistogram(@JsonProperty("counts") Map<Integer, Long> counts) {
        this.counts = counts == null ? new TreeMap<>() : new TreeMap<>(counts);
        this.total = this.counts.values().stream().mapToLong(Long::longValue).sum();
    }

    @JsonProperty("counts")
    public Map<Integer, Long> counts() {
        return counts;
    }

    public long total() {
        return total;
    }

    public LatencyHistogram add(double millis) {
        counts.merge(bucket(millis), 1L, Long::sum);
        total++;
        return this;
    }

    public LatencyHistogram merge(LatencyHistogram other) {
        other.counts.forEach((bucket, count) -> counts.merge(bucket, count, Long::sum));
        total += other.total;
        return this;
    }

    /** The q-quantile (0..1) in milliseconds, or null when empty. */
    public Double quantile(double q) {
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (Map.Entry<Integer, Long> entry : counts.entrySet()) {
            seen += entry.getValue();
            if (seen >= Math.max(1, rank)) {
                return value(entry.getKey());
            }
        }
        return value(counts.lastKey());
    }

    private static int bucket(double millis) {
        return millis < 1 ? SUB_MILLISECOND : (int) Math.ceil(Math.log(millis) / LOG_GAMMA);
    }

    private static double value(int bucket) {
        // midpoint of (gamma^(i-1), gamma^i] in relative terms
        return bucket == SUB_MILLISECOND ? 0.5 : Math.pow(GAMMA, bucket) * 2 / (1 + GAMMA);
    }

    public LatencyHistogram copy() {
        return new LatencyHistogram(counts);
    }
}
