package io.llmwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.TaskKey;
import io.llmwatch.json.Json;
import io.llmwatch.validate.FieldError;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code critical:} on a task: both written forms, the live overlay, and validation naming the field. */
class CriticalDimensionsTest {

    private static final TaskKey TASK = new TaskKey("analytics", "ab-test-readout");
    private static final LlmwatchConfig FILE = LlmwatchConfig.read(new ByteArrayInputStream("""
            tasks:
              - app: analytics
                task_type: ab-test-readout
                incumbent: gpt-4.1
                margin: 0.03
                profile: rdab
                critical: [stat_validity]
            """.getBytes(StandardCharsets.UTF_8)), "test.yaml");

    private final Map<String, JsonNode> control = new HashMap<>();
    private final TaskSettings settings = new TaskSettings(FILE, control::get);

    @Test
    void aListOfNamesTakesTheTasksMargin() {
        TaskConfig task = settings.forTask(TASK);

        assertThat(task.critical().names()).containsExactly("stat_validity");
        assertThat(task.critical().margin("stat_validity", task.marginOrDefault())).isEqualTo(0.03);
    }

    @Test
    void aLiveEntryReplacesTheSetWithItsOwnMarginsAndAnEmptyOneDeclaresNone() throws Exception {
        // When the live entry names two critical dimensions, one with its own margin
        control.put("task/analytics/ab-test-readout", Json.mapper().readTree("""
                {"critical": {"stat_validity": 0.05, "code_quality": null}}"""));
        TaskConfig task = settings.forTask(TASK);

        // Then they replace the file's, each at its margin
        assertThat(task.critical().names()).containsExactly("stat_validity", "code_quality");
        assertThat(task.critical().margin("stat_validity", task.marginOrDefault())).isEqualTo(0.05);
        assertThat(task.critical().margin("code_quality", task.marginOrDefault())).isEqualTo(0.03);
        assertThat(task.incumbent()).as("the rest still layered").isEqualTo("gpt-4.1");

        // And an empty set declares none
        control.put("task/analytics/ab-test-readout", Json.mapper().readTree("{\"critical\": []}"));
        assertThat(settings.forTask(TASK).criticalOrNone().names()).isEmpty();
    }

    @Test
    void bothFormsRoundTripAsWritten() throws Exception {
        CriticalDimensions names = Json.mapper().readValue("[\"format\"]", CriticalDimensions.class);
        CriticalDimensions margins = Json.mapper().readValue("{\"format\": 0.1, \"efficiency\": null}",
                CriticalDimensions.class);

        assertThat(Json.mapper().writeValueAsString(names)).isEqualTo("[\"format\"]");
        assertThat(Json.mapper().writeValueAsString(margins)).isEqualTo("{\"format\":0.1,\"efficiency\":null}");
        assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(margins), CriticalDimensions.class))
                .isEqualTo(margins);
    }

    @Test
    void validationNamesTheField() throws Exception {
        TaskConfig task = Json.mapper().readValue("""
                {"critical": {"tone": null, "stat_validity": 1.5, "format": "loose"}}""", TaskConfig.class);

        assertThat(task.validate("$")).extracting(FieldError::field)
                .containsExactly("$.critical.tone", "$.critical.stat_validity", "$.critical.format");
        assertThat(task.validate("$").get(0).message()).contains("could never be shown non-inferior");

        TaskConfig many = Json.mapper().readValue("""
                {"critical": ["correctness", "format", "efficiency", "code_quality", "stat_validity"]}""",
                TaskConfig.class);
        assertThat(many.validate("tasks[0]")).extracting(FieldError::field).containsExactly("tasks[0].critical");
        assertThat(Json.mapper().readValue("{\"critical\": 5}", TaskConfig.class).validate("$"))
                .extracting(FieldError::field).containsExactly("$.critical");
    }
}
