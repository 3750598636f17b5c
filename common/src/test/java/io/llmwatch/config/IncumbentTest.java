package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/** One incumbent rule: configured, else the model serving the traffic. */
class IncumbentTest {

    private static final BiPredicate<String, String> SAME = (a, b) -> a != null && a.equalsIgnoreCase(b);

    private static TaskConfig incumbent(String model) {
        return new TaskConfig("app", "task", model, List.of("small"), null, null, null, null, null, null, null, null,
                null, null, null);
    }

    @Test
    void theConfiguredIncumbentWinsAndABlankOneCountsAsNone() {
        assertThat(Incumbent.of(incumbent("big"), "other")).isEqualTo("big");
        assertThat(Incumbent.of(incumbent(" "), "other")).isEqualTo("other");
        assertThat(Incumbent.of(incumbent(null), "other")).isEqualTo("other");
        assertThat(Incumbent.configured(incumbent(""))).isNull();
    }

    @Test
    void aCallStandsForTheConfiguredIncumbentOnlyWhenItServedOrAskedForIt() {
        assertThat(Incumbent.servedBy(incumbent("big"), "BIG", null, SAME)).contains("big");
        assertThat(Incumbent.servedBy(incumbent("big"), "big-2025", "big", SAME)).contains("big");
        assertThat(Incumbent.servedBy(incumbent("big"), "other", "other", SAME)).isEmpty();
        assertThat(Incumbent.servedBy(incumbent(null), "other", null, SAME)).contains("other");
    }

    @Test
    void overAHorizonWithoutAConfiguredOneItIsTheModelWithMostCallsTiesToTheGreaterName() {
        assertThat(Incumbent.ofTraffic(incumbent(null), Map.of("a", 3L, "b", 7L))).contains("b");
        assertThat(Incumbent.ofTraffic(incumbent(null), Map.of("a", 7L, "b", 7L))).contains("b");
        assertThat(Incumbent.ofTraffic(incumbent("c"), Map.of("a", 7L))).contains("c");
        assertThat(Incumbent.ofTraffic(incumbent(null), Map.of())).isEmpty();
    }
}
