package io.llmwatch.scorer.topology;

import static io.llmwatch.scorer.CallFixture.call;
import static io.llmwatch.scorer.CallFixture.evaluation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.ModelStats;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.scorer.ScorerDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Duplicates, evaluations before and after their call, and re-keying, through the production topology. */
class DeduplicationAndJoinTest {

    private static final Instant WINDOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant NEXT_WINDOW = WINDOW.plus(Duration.ofMinutes(2));
    private static final String MODEL_KEY = "shop/summarize/gpt-4.1-mini";
    /** The fixture's output exactly: correctness 1. */
    private static final String MATCHING_REFERENCE = "{\"expected_output\":\"A short summary.\"}";

    @AutoClose
    private final ScorerDriver scorer = new ScorerDriver();

    @Test
    void a_duplicate_call_is_scored_once_and_counted_once() {
        // Given a call, and the same call_id again (a producer retry)
        scorer.send(call("a", WINDOW.plusSeconds(1)))
                .send(call("a", WINDOW.plusSeconds(1)))
                .send(call("b", WINDOW.plusSeconds(2)));

        // When a later call closes the window
        scorer.send(call("late", NEXT_WINDOW));

        // Then
        assertThat(scorer.scored()).extracting(kv -> kv.key).containsExactly("a", "b", "late");
        ModelStats stats = onlyStats();
        assertThat(stats.calls()).isEqualTo(2);
        assertThat(stats.inputTokens()).isEqualTo(2_000);
    }

    @Test
    void a_duplicate_with_another_key_is_still_recognised() {
        scorer.send(call("a", WINDOW.plusSeconds(1)))
                .send(null, call("a", WINDOW.plusSeconds(1)))
                .send(call("late", NEXT_WINDOW));

        assertThat(scorer.scored()).extracting(kv -> kv.key).containsExactly("a", "late");
        assertThat(onlyStats().calls()).isEqualTo(1);
    }

    @Test
    void a_call_id_is_forgotten_after_the_dedup_retention() {
        scorer.send(call("a", WINDOW.plusSeconds(1)));

        scorer.advanceWallClock(Duration.ofHours(25)).send(call("a", WINDOW.plusSeconds(1)));

        assertThat(scorer.scored()).extracting(kv -> kv.key).containsExactly("a", "a");
    }

    @Test
    void a_late_evaluation_rescores_the_call_without_counting_it_twice() {
        // Given a well-formed call that matches its reference: quality 1.0
        scorer.send(call("a", WINDOW.plusSeconds(1)).withReference(MATCHING_REFERENCE));
        assertThat(scorer.scored()).singleElement().satisfies(kv -> assertThat(kv.value.scores().quality()).isEqualTo(1.0));

        // When an evaluation of its correctness arrives after it, overriding the reference match
        scorer.evaluate(evaluation("a", WINDOW.plusSeconds(30), "correctness", 0.0));

        // Then the call is re-emitted under the same key, with the new composite
        List<KeyValue<String, ScoredCall>> rescored = scorer.scored();
        assertThat(rescored).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("a");
            assertThat(kv.value.timestamp()).isEqualTo(WINDOW.plusSeconds(1));
            assertThat(kv.value.scores().correctness()).isEqualTo(0.0);
            assertThat(kv.value.scores().quality()).isCloseTo(0.2 / 0.7, within(1e-9));
        });
        // and the window's statistics reflect the new quality, with the call counted once
        scorer.send(call("late", NEXT_WINDOW));
        ModelStats stats = onlyStats();
        assertThat(stats.calls()).isEqualTo(1);
        assertThat(stats.qualityN()).isEqualTo(1);
        assertThat(stats.qualityMean()).isCloseTo(0.2 / 0.7, within(1e-9));
    }

    @Test
    void a_late_evaluation_gives_an_unmeasured_call_its_quality_and_counts_it_once() {
        // Given a call without reference: format alone carries too little weight for a quality
        scorer.send(call("a", WINDOW.plusSeconds(1)));
        assertThat(scorer.scored()).singleElement().satisfies(kv -> assertThat(kv.value.scores().quality()).isNull());

        // When its correctness is graded later
        scorer.evaluate(evaluation("a", WINDOW.plusSeconds(30), "correctness", 0.5));

        // Then the call gets a quality, and the window counts it once among the calls with a quality
        assertThat(scorer.scored()).singleElement().satisfies(kv ->
                assertThat(kv.value.scores().quality()).isCloseTo((0.5 * 0.5 + 0.2) / 0.7, within(1e-9)));
        scorer.send(call("late", NEXT_WINDOW));
        ModelStats stats = onlyStats();
        assertThat(stats.calls()).isEqualTo(1);
        assertThat(stats.qualityN()).isEqualTo(1);
        assertThat(stats.qualityMean()).isCloseTo((0.5 * 0.5 + 0.2) / 0.7, within(1e-9));
    }

    @Test
    void an_early_evaluation_is_applied_when_its_call_arrives() {
        // Given an evaluation whose call has not arrived yet
        scorer.evaluate(evaluation("a", WINDOW, "correctness", 0.5));
        assertThat(scorer.scored()).isEmpty();

        // When the call arrives
        scorer.send(call("a", WINDOW.plusSeconds(1)));

        // Then it is scored with the evaluation
        assertThat(scorer.scored()).singleElement().satisfies(kv -> {
            assertThat(kv.value.scores().correctness()).isEqualTo(0.5);
            assertThat(kv.value.scores().quality()).isCloseTo((0.5 * 0.5 + 0.2) / 0.7, within(1e-9));
        });
    }

    @Test
    void a_quality_evaluation_overrides_the_composite() {
        scorer.send(call("a", WINDOW.plusSeconds(1)))
                .evaluate(evaluation("a", WINDOW.plusSeconds(5), "quality", 0.3))
                .evaluate(evaluation("a", WINDOW.plusSeconds(6), "user_feedback", 1.0));

        List<KeyValue<String, ScoredCall>> scored = scorer.scored();
        assertThat(scored).hasSize(3);
        assertThat(scored.get(2).value.scores().quality()).isEqualTo(0.3);
        assertThat(scored.get(2).value.scores().extra()).containsEntry("user_feedback", 1.0);

        scorer.send(call("late", NEXT_WINDOW));
        ModelStats stats = onlyStats();
        assertThat(stats.qualityMean()).isCloseTo(0.3, within(1e-9));
        assertThat(stats.calls()).isEqualTo(1);
    }

    @Test
    void an_older_evaluation_does_not_replace_a_newer_one_of_the_same_name() {
        scorer.send(call("a", WINDOW.plusSeconds(1)))
                .evaluate(evaluation("a", WINDOW.plusSeconds(10), "quality", 0.8))
                .evaluate(evaluation("a", WINDOW.plusSeconds(5), "quality", 0.1));

        List<KeyValue<String, ScoredCall>> scored = scorer.scored();
        assertThat(scored).hasSize(2);
        assertThat(scored.get(1).value.scores().quality()).isEqualTo(0.8);
    }

    @Test
    void live_task_weights_change_the_composite() {
        // Given a call whose output half matches its reference: correctness < 1, format 1
        scorer.send(call("a", WINDOW.plusSeconds(1)).withOutput("Refund the blender", "stop")
                .withReference("{\"expected_output\":\"Refund\"}"));
        double defaultQuality = scorer.scored().get(0).value.scores().quality();

        // When the task's weights are set live to count correctness only
        scorer.control("task/shop/summarize", "{\"weights\":{\"correctness\":1.0,\"format\":0.0}}")
                .send(call("b", WINDOW.plusSeconds(2)).withOutput("Refund the blender", "stop")
                        .withReference("{\"expected_output\":\"Refund\"}"));

        // Then the new call's quality is its correctness (token F1 0.5), not the RDAB-weighted mix
        ScoredCall b = scorer.scored().get(0).value;
        assertThat(b.scores().correctness()).isCloseTo(0.5, within(1e-9));
        assertThat(b.scores().quality()).isCloseTo(0.5, within(1e-9));
        assertThat(defaultQuality).isCloseTo((0.5 * 0.5 + 0.2) / 0.7, within(1e-9));
    }

    @Test
    void records_keyed_otherwise_are_rekeyed_and_meet_their_evaluations() {
        // Given only correctly keyed records: no repartition hop
        scorer.send(call("a", WINDOW.plusSeconds(1)));
        assertThat(scorer.producedTopics()).noneMatch(topic -> topic.contains(ScorerTopology.INPUT_REPARTITION));

        // When a third-party producer writes a call without key, and its evaluation with another key
        scorer.send(null, call("b", WINDOW.plusSeconds(2)))
                .evaluate("some-other-key", evaluation("b", WINDOW.plusSeconds(3), "quality", 0.25));

        // Then both went through the repartition topic and were joined under the call_id
        assertThat(scorer.producedTopics()).anyMatch(topic -> topic.contains(ScorerTopology.INPUT_REPARTITION));
        List<KeyValue<String, ScoredCall>> scored = scorer.scored();
        assertThat(scored).extracting(kv -> kv.key).containsExactly("a", "b", "b");
        assertThat(scored.get(2).value.scores().quality()).isEqualTo(0.25);
    }

    /** The statistics of the window the test's calls fall in, closed by the call of a later window. */
    private ModelStats onlyStats() {
        List<KeyValue<String, ModelStats>> stats = scorer.stats().stream().filter(kv -> !kv.value.open()).toList();
        assertThat(stats).extracting(kv -> kv.key).containsExactly(MODEL_KEY + "/" + WINDOW);
        return stats.get(0).value;
    }
}
