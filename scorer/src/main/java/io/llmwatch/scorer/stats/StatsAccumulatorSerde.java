package io.llmwatch.scorer.stats;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary form of {@link StatsAccumulator} for the window store and its changelog (and,
 * behind another version byte, for the partial aggregates, {@link StatsPartialSerde}). The aggregate
 * is written once per call, so it is kept out of JSON: fixed-width fields, then
 * the histogram's (bucket, count) pairs, then the per-dimension sums as an optional tail
 * ({@link DimensionTail}). The first byte is a format version.
 */
public final class StatsAccumulatorSerde implements Serde<StatsAccumulator> {

    private static final byte VERSION = 1;
    private static final int FIXED = 9 * Long.BYTES;

    @Override
    public Serializer<StatsAccumulator> serializer() {
        return (topic, acc) -> acc == null ? null : write(acc);
    }

    @Override
    public Deserializer<StatsAccumulator> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(StatsAccumulator acc) {
        return write(ByteBuffer.allocate(1 + size(acc)).put(VERSION), acc).array();
    }

    static StatsAccumulator read(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte version = buffer.get();
        if (version != VERSION) {
            throw new SerializationException("unknown model-stats accumulator format version " + version);
        }
        return read(buffer);
    }

    /** The size of the accumulator's fields, without a version byte. */
    static int size(StatsAccumulator acc) {
        return FIXED + LatencyHistogramBytes.size(acc.latency) + DimensionTail.size(acc.dimensions);
    }

    /** Writes the accumulator's fields, ending with the optional dimension tail: nothing may follow. */
    static ByteBuffer write(ByteBuffer buffer, StatsAccumulator acc) {
        buffer.putLong(acc.calls)
                .putLong(acc.errors)
                .putLong(acc.priced)
                .putLong(acc.unpriced)
                .putDouble(acc.costSum)
                .putLong(acc.inputTokens)
                .putLong(acc.outputTokens)
                .putDouble(acc.qualitySum)
                .putLong(acc.qualityN);
        LatencyHistogramBytes.write(buffer, acc.latency);
        return DimensionTail.write(buffer, acc.dimensions, (b, sum) -> b.putDouble(sum.sum).putLong(sum.n));
    }

    /** Reads what {@link #write(ByteBuffer, StatsAccumulator)} wrote, to the end of the buffer. */
    static StatsAccumulator read(ByteBuffer buffer) {
        StatsAccumulator acc = new StatsAccumulator();
        acc.calls = buffer.getLong();
        acc.errors = buffer.getLong();
        acc.priced = buffer.getLong();
        acc.unpriced = buffer.getLong();
        acc.costSum = buffer.getDouble();
        acc.inputTokens = buffer.getLong();
        acc.outputTokens = buffer.getLong();
        acc.qualitySum = buffer.getDouble();
        acc.qualityN = buffer.getLong();
        acc.latency = LatencyHistogramBytes.read(buffer);
        acc.dimensions = DimensionTail.read(buffer, b -> new StatsAccumulator.DimensionSum(b.getDouble(), b.getLong()));
        return acc;
    }
}
