package io.llmwatch.scorer.topology;

import io.llmwatch.event.ModelKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions records keyed {@code app/task/model} by their {@code app/task} only, exactly as the
 * default partitioner would place the key {@code app/task}. So all models of a task share one
 * partition: their windows close together (stream time is per partition), the final statistics of
 * window W of every model precede those of W+1 on {@code llmwatch.model-stats}, and the drift
 * detector, which groups by {@code app/task}, sees each window complete before the next.
 */
final class TaskPartitioner<V> implements StreamPartitioner<String, V> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, V value, int numPartitions) {
        byte[] task = ModelKey.parse(key).task().toString().getBytes(StandardCharsets.UTF_8);
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(task)) % numPartitions));
    }
}
