package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskConfigBuilderTest {

    @Test
    void to_builder_keeps_every_field() {
        TaskConfig full = new TaskConfig("app", "task", "big", List.of("small"), 0.03, QualityWeights.RDAB, 0.2, 5.0,
                "exact", 900.0, 0.05, 800L, "1d", 50, 0.04, new QualityProfile("rdab", "statistical_inference", "easy", null),
                CriticalDimensions.named("format"), "ref", 0.01);

        assertThat(full.toBuilder().build()).isEqualTo(full);
        assertThat(full.toBuilder().margin(0.05).build()).extracting(TaskConfig::margin, TaskConfig::incumbent).containsExactly(0.05, "big");
    }

    @Test
    void fields_left_out_stay_absent() {
        assertThat(TaskConfig.builder().app("a").build())
                .isEqualTo(new TaskConfig("a", null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null));
    }
}
