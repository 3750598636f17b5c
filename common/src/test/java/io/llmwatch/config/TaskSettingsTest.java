package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.TaskKey;
import io.llmwatch.json.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings layer: live control entry, then the file's task, then the file's defaults, then built-in. */
class TaskSettingsTest {

    private static final TaskKey SUMMARIZE = new TaskKey("support", "summarize-ticket");
    private static final LlmwatchConfig FILE = LlmwatchConfig.read(new ByteArrayInputStream("""
            defaults:
              margin: 0.03
              judge: embedding
              weights:
                correctness: 0.6
            tasks:
              - app: support
                task_type: summarize-ticket
                incumbent: gpt-4.1
                candidates: [gpt-4.1-mini]
                sample_rate: 0.10
                weights:
                  format: 0.3
            """.getBytes(StandardCharsets.UTF_8)), "test.yaml");

    private final Map<String, JsonNode> control = new HashMap<>();
    private final TaskSettings settings = new TaskSettings(FILE, control::get);

    @Test
    void eachFieldComesFromTheHighestLayerThatSetsIt() throws Exception {
        control.put("task/support/summarize-ticket", Json.mapper().readTree("""
                {"sample_rate": 0.25, "candidates": ["gpt-4.1-nano"], "weights": {"rubric": 0.05}}"""));

        TaskConfig effective = settings.forTask(SUMMARIZE);

        assertThat(effective.app()).isEqualTo("support");
        assertThat(effective.taskType()).isEqualTo("summarize-ticket");
        assertThat(effective.sampleRate()).as("control").isEqualTo(0.25);
        assertThat(effective.candidates()).as("control").containsExactly("gpt-4.1-nano");
        assertThat(effective.incumbent()).as("file task").isEqualTo("gpt-4.1");
        assertThat(effective.margin()).as("file defaults").isEqualTo(0.03);
        assertThat(effective.judge()).as("file defaults").isEqualTo("embedding");
        assertThat(effective.maxErrorRate()).as("built-in").isEqualTo(TaskConfig.BUILT_IN.maxErrorRate());
        assertThat(effective.dailyBudgetUsd()).as("built-in").isEqualTo(TaskConfig.BUILT_IN.dailyBudgetUsd());
        assertThat(effective.weights()).isEqualTo(new QualityWeights(0.6, 0.3, 0.15, 0.05));
    }

    @Test
    void theReferenceIsTheIncumbentAndTheMaintenanceRateATenthOfTheSampleRateUnlessSet() throws Exception {
        // Given the file's task: incumbent gpt-4.1, sample rate 10 %, neither reference nor maintenance rate
        TaskConfig file = settings.forTask(SUMMARIZE);
        assertThat(file.referenceModel()).isEqualTo("gpt-4.1");
        assertThat(file.maintenanceRateOrDefault()).isCloseTo(0.01, within(1e-12));

        // When production moves: the incumbent is set live to the cheaper model, the reference kept, a maintenance rate set
        control.put("task/support/summarize-ticket", Json.mapper().readTree(
                "{\"incumbent\": \"gpt-4.1-mini\", \"reference\": \"gpt-4.1\", \"maintenance_rate\": 0.02}"));
        TaskConfig live = settings.forTask(SUMMARIZE);

        // Then the yardstick stays gpt-4.1, and a decided candidate is replayed on 2 % of calls
        assertThat(live.referenceModel()).isEqualTo("gpt-4.1");
        assertThat(live.maintenanceRateOrDefault()).isEqualTo(0.02);
        // never above the sample rate: only sampled calls are replayed
        control.put("task/support/summarize-ticket", Json.mapper().readTree("{\"maintenance_rate\": 0.5}"));
        assertThat(settings.forTask(SUMMARIZE).maintenanceRateOrDefault()).isEqualTo(0.10);
        TaskConfig invalid = Json.mapper().treeToValue(Json.mapper().readTree("{\"maintenance_rate\": 1.5}"), TaskConfig.class);
        assertThat(invalid.validate("t")).extracting(Object::toString).anyMatch(error -> error.contains("t.maintenance_rate"));
    }

    @Test
    void aChangeOnTheControlTopicAppliesAtOnceAndATombstoneRestoresTheFile() throws Exception {
        assertThat(settings.forTask(SUMMARIZE).incumbent()).isEqualTo("gpt-4.1");

        control.put("task/support/summarize-ticket", Json.mapper().readTree("{\"incumbent\": \"gpt-4.1-mini\"}"));
        assertThat(settings.forTask(SUMMARIZE).incumbent()).isEqualTo("gpt-4.1-mini");

        control.put("task/support/summarize-ticket", Json.mapper().nullNode());
        assertThat(settings.forTask(SUMMARIZE).incumbent()).isEqualTo("gpt-4.1");
    }

    @Test
    void aTaskOnlyOnTheControlTopicLayersOverTheDefaults() throws Exception {
        TaskKey fresh = new TaskKey("billing", "classify");
        control.put("task/billing/classify", Json.mapper().readTree("{\"incumbent\": \"claude-haiku-4-5\"}"));

        TaskConfig effective = settings.forTask(fresh);

        assertThat(effective.key()).isEqualTo(fresh);
        assertThat(effective.incumbent()).isEqualTo("claude-haiku-4-5");
        assertThat(effective.margin()).isEqualTo(0.03);
        assertThat(effective.sampleRate()).isEqualTo(TaskConfig.BUILT_IN.sampleRate());
        assertThat(effective.weights()).isEqualTo(new QualityWeights(0.6, 0.20, 0.15, 0.15));
    }

    @Test
    void anUnreadableControlEntryIsIgnored() throws Exception {
        control.put("task/support/summarize-ticket", Json.mapper().readTree("{\"sample_rate\": \"often\"}"));

        assertThat(settings.forTask(SUMMARIZE).sampleRate()).isEqualTo(0.10);
    }

    @Test
    void aProfileSetLiveBringsItsCategoryWeightsAndTheTasksOwnWeightsStillWin() throws Exception {
        // Given profile rdab set live, with one weight of the task's own
        control.put("task/support/summarize-ticket", Json.mapper().readTree("""
                {"profile": {"name": "rdab", "category": "modeling", "difficulty": "hard"},
                 "weights": {"stat_validity": 0.5}}"""));

        TaskConfig effective = settings.forTask(SUMMARIZE);

        // Then RDAB's modeling weights apply, the file task's format 0.3 and the live stat_validity win,
        // and the defaults' correctness 0.6 (meant for tasks without a profile) does not
        assertThat(effective.profile().isRdab()).isTrue();
        assertThat(effective.profile().tokenBudget()).isEqualTo(30_000);
        assertThat(effective.weights().byName()).containsEntry("correctness", 0.40).containsEntry("code_quality", 0.15)
                .containsEntry("efficiency", 0.15).containsEntry("stat_validity", 0.5).containsEntry("format", 0.3)
                .containsEntry("rubric", 0.0);
    }

    @Test
    void theBareProfileNameMeansRdabsEdaAtMediumDifficulty() throws Exception {
        control.put("task/support/summarize-ticket", Json.mapper().readTree("{\"profile\": \"rdab\"}"));

        TaskConfig effective = settings.forTask(SUMMARIZE);

        assertThat(effective.profile()).isEqualTo(new QualityProfile("rdab", "eda", "medium", 20));
        assertThat(effective.weights().weight("correctness")).isEqualTo(0.50);
        assertThat(effective.validate("task")).isEmpty();
        TaskConfig negative = Json.mapper().treeToValue(Json.mapper().readTree("{\"weights\": {\"tone\": -1}}"), TaskConfig.class);
        assertThat(negative.validate("$")).extracting(Object::toString).anyMatch(error -> error.contains("$.weights.tone"));
        assertThat(TaskConfig.builder().profile(new QualityProfile("rdab", "astrology", null, null)).build().validate("t"))
                .extracting(Object::toString).anyMatch(error -> error.contains("t.profile.category"));
    }
}
