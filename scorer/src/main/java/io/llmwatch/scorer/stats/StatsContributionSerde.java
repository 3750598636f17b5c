package io.llmwatch.scorer.stats;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A fixed-width binary form of {@link StatsContribution}, version 1 of the statistics repartition's
 * records: the topic carried one per call before contributions were combined ({@link StatsCombiner});
 * {@link StatsPartialSerde} still reads them. The first byte is the format version; an absent latency is written as NaN
 * (a latency is never NaN: it is validated as a non-negative number). The per-dimension changes
 * follow as an optional tail ({@link DimensionTail}); a record without it has none.
 */
public final class StatsContributionSerde implements Serde<StatsContribution> {

    private static final byte VERSION = 1;
    private static final int SIZE = 1 + 4 * Integer.BYTES + Double.BYTES + 2 * Long.BYTES + 2 * Double.BYTES + Integer.BYTES;

    @Override
    public Serializer<StatsContribution> serializer() {
        return (topic, c) -> c == null ? null : DimensionTail.write(ByteBuffer.allocate(SIZE + DimensionTail.size(c.dimensions()))
                .put(VERSION)
                .putInt(c.calls())
                .putInt(c.errors())
                .putInt(c.priced())
                .putInt(c.unpriced())
                .putDouble(c.cost())
                .putLong(c.inputTokens())
                .putLong(c.outputTokens())
                .putDouble(c.latencyMs() == null ? Double.NaN : c.latencyMs())
                .putDouble(c.qualitySum())
                .putInt(c.qualityN()), c.dimensions(), (buffer, delta) -> buffer.putDouble(delta.sum()).putInt(delta.n()))
                .array();
    }

    @Override
    public Deserializer<StatsContribution> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte version = buffer.get();
            if (version != VERSION) {
                throw new SerializationException("unknown statistics contribution format version " + version);
            }
            int calls = buffer.getInt();
            int errors = buffer.getInt();
            int priced = buffer.getInt();
            int unpriced = buffer.getInt();
            double cost = buffer.getDouble();
            long inputTokens = buffer.getLong();
            long outputTokens = buffer.getLong();
            double latency = buffer.getDouble();
            double qualitySum = buffer.getDouble();
            int qualityN = buffer.getInt();
            return new StatsContribution(calls, errors, priced, unpriced, cost, inputTokens, outputTokens,
                    Double.isNaN(latency) ? null : latency, qualitySum, qualityN,
                    DimensionTail.read(buffer, b -> new StatsContribution.Delta(b.getDouble(), b.getInt())));
        };
    }
}
