package io.llmwatch.scorer.stats;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of {@link StatsPartial}, for the combiner's store, its changelog and the statistics
 * repartition topic: a format version byte ({@value #VERSION}), the newest event time, then the
 * accumulator's fields as in the window store ({@link StatsAccumulatorSerde}).
 *
 * <p>Version 1 is the per-call {@link StatsContribution} ({@link StatsContributionSerde}) that the
 * repartition topic carried before contributions were combined: records still in the topic when a
 * deployment upgrades are read as a partial of one contribution, so none is lost. The repartition
 * record's timestamp, not {@link StatsPartial#latest()}, places it in its window.
 */
public final class StatsPartialSerde implements Serde<StatsPartial> {

    private static final byte VERSION = 2;
    private static final byte CONTRIBUTION_VERSION = 1;
    private static final Deserializer<StatsContribution> CONTRIBUTIONS = new StatsContributionSerde().deserializer();

    @Override
    public Serializer<StatsPartial> serializer() {
        return (topic, partial) -> partial == null ? null : StatsAccumulatorSerde.write(
                ByteBuffer.allocate(1 + Long.BYTES + StatsAccumulatorSerde.size(partial.stats()))
                        .put(VERSION).putLong(partial.latest()), partial.stats()).array();
    }

    @Override
    public Deserializer<StatsPartial> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == CONTRIBUTION_VERSION) {
                return new StatsPartial(Long.MIN_VALUE, new StatsAccumulator().add(CONTRIBUTIONS.deserialize(topic, bytes)));
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte version = buffer.get();
            if (version != VERSION) {
                throw new SerializationException("unknown statistics partial format version " + version);
            }
            long latest = buffer.getLong();
            return new StatsPartial(latest, StatsAccumulatorSerde.read(buffer));
        };
    }
}
