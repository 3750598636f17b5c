package io.llmwatch.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class TaskPartitionerTest {

    private final TaskPartitioner<Object> partitioner = new TaskPartitioner<>();

    @Test
    void allModelsOfATaskShareThePartitionTheDefaultPartitionerGivesTheTaskKey() {
        int expected = Utils.toPositive(Utils.murmur2("support/summarize-ticket".getBytes(StandardCharsets.UTF_8))) % 6;

        for (String model : new String[] {"gpt-4.1", "gpt-4.1-mini", "meta-llama/Llama-3-8b"}) {
            assertThat(partitioner.partitions("t", "support/summarize-ticket/" + model, null, 6))
                    .isEqualTo(Optional.of(Set.of(expected)));
        }
    }

    @Test
    void tasksSpreadOverPartitions() {
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> partitioner.partitions("t", "app/task-" + i + "/gpt-4.1", null, 6).orElseThrow())
                .distinct().count();

        assertThat(distinct).isGreaterThan(1);
    }
}
