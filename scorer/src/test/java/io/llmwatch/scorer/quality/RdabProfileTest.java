package io.llmwatch.scorer.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.config.QualityProfile;
import io.llmwatch.config.QualityWeights;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code rdab} profile against RealDataAgentBench's published runs and its spec's worked examples. */
class RdabProfileTest {

    @Test
    void the_composite_of_published_runs_equals_their_dab_score() throws Exception {
        for (String[] run : publishedRuns()) {
            QualityWeights taskWeights = new QualityWeights(Map.of("correctness", d(run[4]), "code_quality", d(run[5]),
                    "efficiency", d(run[6]), "stat_validity", d(run[7])));
            Map<String, Double> dimensions = Map.of("correctness", d(run[11]), "code_quality", d(run[12]),
                    "efficiency", d(run[13]), "stat_validity", d(run[14]));

            // RDAB rounds its published scores to 4 decimals
            assertThat(Composite.quality(dimensions, taskWeights)).as(run[0]).isCloseTo(d(run[15]), within(0.0005));
        }
    }

    @Test
    void efficiency_from_tokens_and_steps_equals_the_published_one() throws Exception {
        for (String[] run : publishedRuns()) {
            QualityProfile profile = new QualityProfile("rdab", run[1], run[2], Integer.parseInt(run[8]));

            double efficiency = RdabProfile.efficiency(Long.parseLong(run[9]), Integer.parseInt(run[10]), profile, Boolean.parseBoolean(run[16]));

            assertThat(efficiency).as(run[0]).isCloseTo(d(run[13]), within(0.0005));
        }
    }

    @Test
    void default_weights_are_rdabs_for_the_category() {
        QualityWeights modeling = QualityProfile.named("rdab").weights();
        assertThat(modeling.weight("correctness")).isEqualTo(0.50);
        QualityWeights inference = new QualityProfile("rdab", "statistical_inference", null, null).weights();
        assertThat(inference.weight("stat_validity")).isEqualTo(0.30);
        assertThat(inference.weight("code_quality")).isEqualTo(0.15);
        assertThat(inference.weight("format")).isZero();
        assertThat(inference.total()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void stat_validity_scores_the_specs_worked_examples() {
        // SCORING_SPEC §4, stat_001: all four checks pass
        assertThat(RdabProfile.statValidity("The two-proportion z-test gives p = 0.0001 (z = 3.89). We reject the null "
                + "hypothesis. Effect size is small (lift = 2.1 percentage points). The result is statistically "
                + "significant but check practical significance given the cost of the intervention.",
                "statistical_inference")).isEqualTo(1.0);
        // feat_002: method and no p-hacking only
        assertThat(RdabProfile.statValidity("Applied one-hot encoding to categorical columns. Random forest feature "
                + "importance: income = 0.32, age = 0.18, credit = 0.11.", "feature_engineering")).isEqualTo(0.5);
        // a correct number without uncertainty, method or interpretation: only the p-hacking guard
        assertThat(RdabProfile.statValidity("The answer is 42.", "eda")).isEqualTo(0.25);
    }

    @Test
    void code_quality_scores_each_block_on_five_checks() {
        String good = "```python\nincome_mean = df[\"income\"].mean()\nprint(f\"Mean: {income_mean:.2f}\")\n```";
        String bad = "```python\ntotal = 0\nfor i in range(len(values)):\n    a = values[i] * 1200 + 1500 - 1800\n```";

        assertThat(RdabProfile.codeQuality(good)).isEqualTo(1.0);
        // vectorised ✗, index loop ✗, one-letter name ✗, three magic numbers ✗, no print ✗
        assertThat(RdabProfile.codeQuality(bad)).isEqualTo(0.0);
        assertThat(RdabProfile.codeQuality(good + "\n" + bad)).isEqualTo(0.5);
        assertThat(RdabProfile.codeQuality("No code here.")).isEqualTo(0.5);
    }

    private static List<String[]> publishedRuns() throws Exception {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                RdabProfileTest.class.getResourceAsStream("rdab-published-runs.csv"), StandardCharsets.UTF_8))) {
            List<String[]> runs = reader.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split(",")).toList();
            assertThat(runs).hasSizeGreaterThanOrEqualTo(5);
            return runs;
        }
    }

    private static double d(String text) {
        return Double.parseDouble(text);
    }
}
