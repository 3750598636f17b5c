package io.llmwatch.scorer.stats;

import io.llmwatch.event.LatencyHistogram;
import java.nio.ByteBuffer;

/**
 * The binary form of a {@link LatencyHistogram} inside the scorer's state (window statistics,
 * partials, comparisons): the number of buckets, then each bucket and its count, in bucket order.
 */
public final class LatencyHistogramBytes {

    private static final int PER_BUCKET = Integer.BYTES + Long.BYTES;

    private LatencyHistogramBytes() {
    }

    /** Bytes {@link #write} takes for {@code histogram}. */
    public static int size(LatencyHistogram histogram) {
        return Integer.BYTES + histogram.bucketCount() * PER_BUCKET;
    }

    public static ByteBuffer write(ByteBuffer buffer, LatencyHistogram histogram) {
        buffer.putInt(histogram.bucketCount());
        histogram.forEachBucket((bucket, count) -> buffer.putInt(bucket).putLong(count));
        return buffer;
    }

    public static LatencyHistogram read(ByteBuffer buffer) {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = buffer.getInt(); i > 0; i--) {
            histogram.addToBucket(buffer.getInt(), buffer.getLong());
        }
        return histogram;
    }
}
