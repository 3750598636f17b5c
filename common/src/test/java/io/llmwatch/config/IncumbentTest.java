package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One incumbent rule: the task's reference, else the model serving the traffic. */
class IncumbentTest {

    private static TaskConfig incumbent(String model) {
        return TaskConfig.builder().app("app").taskType("task").incumbent(model).candidates(List.of("small")).build();
    }

    @Test
    void theConfiguredIncumbentWinsAndABlankOneCountsAsNone() {
        assertThat(Incumbent.of(incumbent("big"), "other")).isEqualTo("big");
        assertThat(Incumbent.of(incumbent(" "), "other")).isEqualTo("other");
        assertThat(Incumbent.of(incumbent(null), "other")).isEqualTo("other");
    }

    @Test
    void overAHorizonWithoutAConfiguredOneItIsTheModelWithMostCallsTiesToTheGreaterName() {
        assertThat(Incumbent.ofTraffic(incumbent(null), Map.of("a", 3L, "b", 7L))).contains("b");
        assertThat(Incumbent.ofTraffic(incumbent(null), Map.of("a", 7L, "b", 7L))).contains("b");
        assertThat(Incumbent.ofTraffic(incumbent("c"), Map.of("a", 7L))).contains("c");
        assertThat(Incumbent.ofTraffic(incumbent(" "), Map.of())).isEmpty();
    }
}
