package io.llmwatch.scorer.topology;

import io.llmwatch.scorer.quality.RollingMean;
import io.llmwatch.scorer.quality.TaskBudget;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A fixed-width binary form of {@link TaskBudget} for the budgets store: it is read and written once
 * per call. The first byte is a format version.
 */
final class TaskBudgetSerde implements Serde<TaskBudget> {

    private static final byte VERSION = 1;
    private static final int SIZE = 1 + 2 * (Long.BYTES + Double.BYTES);

    @Override
    public Serializer<TaskBudget> serializer() {
        return (topic, budget) -> budget == null ? null : ByteBuffer.allocate(SIZE)
                .put(VERSION)
                .putLong(budget.tokens().n()).putDouble(budget.tokens().mean())
                .putLong(budget.cost().n()).putDouble(budget.cost().mean())
                .array();
    }

    @Override
    public Deserializer<TaskBudget> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte version = buffer.get();
            if (version != VERSION) {
                throw new SerializationException("unknown task budget format version " + version);
            }
            return new TaskBudget(new RollingMean(buffer.getLong(), buffer.getDouble()),
                    new RollingMean(buffer.getLong(), buffer.getDouble()));
        };
    }
}
