package io.llmwatch.scorer.topology;

import static io.llmwatch.scorer.CallFixture.call;
import static io.llmwatch.scorer.CallFixture.evaluation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.DimensionStats;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.scorer.ScorerDriver;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A team's own quality dimensions, weighted live, filled by evaluations that arrive after the call. */
class NamedDimensionsTest {

    private static final Instant WINDOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final String ONLY_TONE_AND_GROUNDEDNESS = """
            {"weights": {"correctness": 0, "format": 0, "efficiency": 0, "rubric": 0,
                         "tone": 0.6, "groundedness": 0.4}}""";

    @AutoClose
    private final ScorerDriver scorer = new ScorerDriver();

    @Test
    void custom_dimensions_set_live_are_filled_by_late_evaluations() {
        // Given weights set live on the control topic alone, naming dimensions only evaluations measure
        scorer.control("task/shop/summarize", ONLY_TONE_AND_GROUNDEDNESS);

        // When a call arrives, then its tone is graded 30 s later, then its groundedness 40 s later
        scorer.send(call("a", WINDOW.plusSeconds(1)));
        ScoredCall scored = scorer.scored().get(0).value;
        scorer.evaluate(evaluation("a", WINDOW.plusSeconds(30), "tone", 0.5));
        ScoredCall toned = scorer.scored().get(0).value;
        scorer.evaluate(evaluation("a", WINDOW.plusSeconds(40), "groundedness", 1.0));
        List<KeyValue<String, ScoredCall>> grounded = scorer.scored();

        // Then: no composite while nothing weighted is measured (format is, but weighs 0)
        assertThat(scored.scores().format()).isNotNull();
        assertThat(scored.scores().quality()).isNull();
        // tone alone carries 60 % of the weight, above the coverage floor: quality = tone
        assertThat(toned.scores().quality()).isCloseTo(0.5, within(1e-9));
        assertThat(toned.scores().extra()).containsEntry("tone", 0.5);
        // both: the weighted mean
        assertThat(grounded).singleElement().satisfies(kv -> {
            assertThat(kv.value.timestamp()).isEqualTo(WINDOW.plusSeconds(1));
            assertThat(kv.value.scores().quality()).isCloseTo(0.6 * 0.5 + 0.4 * 1.0, within(1e-9));
            assertThat(kv.value.scores().extra()).containsEntry("groundedness", 1.0);
        });
        // and the model's window statistics carry each dimension's mean and n, the late ones included
        ModelStats stats = scorer.stats().stream().map(kv -> kv.value).reduce((a, b) -> b).orElseThrow();
        assertThat(stats.dimensions()).containsEntry("tone", new DimensionStats(0.5, 1))
                .containsEntry("groundedness", new DimensionStats(1.0, 1))
                .containsKey("format");
        assertThat(stats.qualityN()).isEqualTo(1);
    }

    @Test
    void weights_set_live_keep_the_built_in_weights_they_do_not_name() {
        // Given only a new dimension weighted live: correctness, format, … keep RDAB's defaults
        scorer.control("task/shop/summarize", "{\"weights\": {\"tone\": 1.0}}");

        // When a call without reference (no correctness) has its tone graded
        scorer.send(call("a", WINDOW.plusSeconds(1)));
        scorer.scored();
        scorer.evaluate(evaluation("a", WINDOW.plusSeconds(5), "tone", 0.0));
        ScoredCall toned = scorer.scored().get(0).value;

        // Then tone joins format and efficiency (0.20 + 0.15 + 1.0 of 2.0): the composite counts it at weight 1
        Double format = toned.scores().format();
        Double efficiency = toned.scores().efficiency();
        double sum = 0.20 * format + (efficiency == null ? 0 : 0.15 * efficiency);
        double weight = 0.20 + (efficiency == null ? 0 : 0.15) + 1.0;
        assertThat(toned.scores().quality()).isCloseTo(sum / weight, within(1e-9));
    }

    @Test
    void the_rdab_profile_scores_code_quality_and_stat_validity_from_the_output() {
        // Given profile rdab (statistical inference: correctness .40, code .15, efficiency .15, validity .30)
        scorer.control("task/shop/summarize",
                "{\"profile\": {\"name\": \"rdab\", \"category\": \"statistical_inference\", \"difficulty\": \"easy\"}}");

        // When an answer with clean code arrives whose reasoning names no method and no uncertainty
        String answer = "```python\nconversion_rate = df[\"converted\"].mean()\nprint(conversion_rate)\n```\n"
                + "Variant B converts better.";
        scorer.send(call("a", WINDOW.plusSeconds(1)).withOutput(answer, "stop").withReference("{\"expected_output\":\""
                + "Variant B converts better.\"}"));
        ScoredCall scored = scorer.scored().get(0).value;

        // Then: code quality 1, statistical validity 0.25 (only the p-hacking guard passes), RDAB's efficiency
        assertThat(scored.scores().extra()).containsEntry("code_quality", 1.0).containsEntry("stat_validity", 0.25);
        double correctness = scored.scores().correctness();
        double efficiency = scored.scores().efficiency();
        assertThat(efficiency).isEqualTo(1.0);
        assertThat(scored.scores().quality())
                .isCloseTo(0.40 * correctness + 0.15 * 1.0 + 0.15 * efficiency + 0.30 * 0.25, within(1e-9));

        // and a judge's later stat_validity grade replaces the computed one
        scorer.evaluate(evaluation("a", WINDOW.plusSeconds(20), "stat_validity", 1.0));
        assertThat(scorer.scored().get(0).value.scores().quality())
                .isCloseTo(0.40 * correctness + 0.15 + 0.15 * efficiency + 0.30, within(1e-9));
    }
}
