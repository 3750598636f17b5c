package io.llmwatch.scorer.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.config.CriticalDimensions;
import io.llmwatch.config.QualityProfile;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each replay-measurable dimension scored on both answers of one call, by the rules of live calls. */
class PairedDimensionsTest {

    private static TaskConfig task(QualityProfile profile, Long tokenBudget, String... critical) {
        return TaskConfig.builder().app("app").taskType("task").incumbent("big").margin(0.02).tokenBudget(tokenBudget)
                .profile(profile).critical(CriticalDimensions.named(critical)).build();
    }

    private static ReplayRequest request(String production, long productionTokens, String reference, boolean json) {
        ObjectNode body = Json.mapper().createObjectNode().put("model", "big");
        if (json) {
            body.putObject("response_format").put("type", "json_object");
        }
        return ReplayRequest.builder().callId("c").callTimestamp(Instant.now()).app("app").taskType("task").incumbent("big")
                .request(body).originalOutput(production).originalUsage(Usage.of(productionTokens - 10, 10))
                .reference(reference == null ? null : Json.mapper().valueToTree(reference)).targets(List.of("small"))
                .requestedAt(Instant.now()).build();
    }

    @Test
    void everyMeasurableDimensionHasARule() {
        TaskConfig all = task(null, null, CriticalDimensions.MEASURABLE.toArray(String[]::new));
        Map<String, Double> deltas = PairedDimensions.deltas(all, request("{\"a\": 1}", 100, "{\"a\": 1}", true),
                "{\"a\": 1}", "stop", Usage.of(90, 10));

        assertThat(deltas).containsOnlyKeys(CriticalDimensions.MEASURABLE);
        assertThat(deltas.values()).allSatisfy(d -> assertThat(d).isEqualTo(0.0));
    }

    @Test
    void correctnessAgainstTheReferenceAndFormatOfEachAnswer() {
        TaskConfig task = task(null, null, "correctness", "format");

        Map<String, Double> deltas = PairedDimensions.deltas(task, request("{\"label\": \"billing\"}", 50, "{\"label\": \"billing\"}", true),
                "label: bug", "length", Usage.of(40, 10));

        assertThat(deltas.get("format")).as("not JSON when JSON was asked for").isEqualTo(-1.0);
        assertThat(deltas.get("correctness")).isNegative();
        assertThat(PairedDimensions.deltas(task, request("x", 50, null, false), "x", "stop", null))
                .as("no reference: correctness unscored").containsOnlyKeys("format");
    }

    @Test
    void efficiencyUnderTheProfileAgainstTheBudgetOrAgainstProductionsTokens() {
        ReplayRequest request = request("ok", 10_000, null, false);
        Usage doubled = Usage.of(19_990, 10);

        assertThat(PairedDimensions.deltas(task(null, null, "efficiency"), request, "ok", "stop", doubled))
                .as("twice production's tokens").containsEntry("efficiency", -1.0);
        assertThat(PairedDimensions.deltas(task(null, 15_000L, "efficiency"), request, "ok", "stop", doubled)
                .get("efficiency")).isCloseTo(-(20_000.0 / 15_000 - 1), within(1e-12));
        // RDAB's easy budget is 20,000 tokens: both within it, one step each
        assertThat(PairedDimensions.deltas(task(new QualityProfile("rdab", null, "easy", null), null, "efficiency"),
                request, "ok", "stop", doubled)).containsEntry("efficiency", 0.0);
        assertThat(PairedDimensions.deltas(task(null, null, "efficiency"), request, "ok", "stop", null))
                .as("candidate's tokens unknown").isEmpty();
    }

    @Test
    void aBlankAnswerHasNoCodeQualityOrStatValidityAndATaskWithoutCriticalDimensionsNoDeltas() {
        ReplayRequest request = request("```python\nprint(df.mean())\n```", 100, null, false);

        assertThat(PairedDimensions.deltas(task(null, null, "code_quality", "stat_validity"), request, " ", "stop",
                Usage.of(1, 1))).isEmpty();
        assertThat(PairedDimensions.deltas(task(null, null), request, "hi", "stop", Usage.of(1, 1))).isEmpty();
        assertThat(PairedDimensions.deltas(null, request, "hi", "stop", Usage.of(1, 1))).isEmpty();
    }
}
