package io.llmwatch.scorer.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.Comparison;
import io.llmwatch.event.Cost;
import io.llmwatch.event.DimensionComparison;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.Judgement;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.Usage;
import io.llmwatch.event.Verdict;
import io.llmwatch.scorer.CallFixture;
import io.llmwatch.scorer.ScorerDriver;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison topology keeps paired evidence per critical dimension and says which one blocks. */
class CriticalDimensionComparisonTest {

    private static final String TASK = "task/analytics/ab-test-readout";
    private static final Instant T0 = Instant.parse("2026-03-02T11:00:00Z");

    @TempDir
    Path stateDir;

    /** Candidate replay {@code i}: composite delta {@code d}, stat_validity delta {@code stat} (null = not scored). */
    private static ReplayResult replay(int i, double d, Double stat) {
        Judgement judgement = new Judgement("llm", d, 0.8, 0.8, null, null, null,
                stat == null ? null : Map.of("stat_validity", stat));
        return new ReplayResult(null, "call-" + i, T0, "analytics", "ab-test-readout", "gpt-4.1", "gpt-4.1-mini", "openai",
                false, null, "The difference is significant.", "stop", Usage.of(900, 120), Cost.local(0.0002, "gpt-4.1-mini"),
                300.0, null, 1, judgement, 0.0002, 0.0010, T0.plusSeconds(i));
    }

    private static Comparison last(ScorerDriver driver) {
        List<KeyValue<String, Comparison>> comparisons = driver.comparisons();
        return comparisons.get(comparisons.size() - 1).value;
    }

    @Test
    void aCandidateBetterOnTheCompositeButWorseOnACriticalDimensionIsBlockedByIt() {
        try (ScorerDriver driver = new ScorerDriver(stateDir, ScorerDriver.MINUTE_WINDOWS, CallFixture.CATALOG)) {
            // Given a task whose stat_validity is critical at its own margin of 0.05
            driver.control(TASK, "{\"margin\": 0.2, \"critical\": {\"stat_validity\": 0.05}}");

            // When the candidate wins on the composite but loses half a point of stat_validity on every call
            for (int i = 0; i < 50; i++) {
                driver.replayed(replay(i, 0.3, -0.5));
            }

            // Then the composite is decided better, stat_validity worse, and the summary names it
            Comparison comparison = last(driver);
            assertThat(comparison.verdict()).isEqualTo(Verdict.BETTER);
            DimensionComparison stat = comparison.critical("stat_validity");
            assertThat(stat.margin()).isEqualTo(0.05);
            assertThat(stat.n()).isEqualTo(50);
            assertThat(stat.meanDelta()).isEqualTo(-0.5);
            assertThat(stat.confidenceSequence().upper()).isLessThan(-0.05);
            assertThat(stat.verdict()).isEqualTo(Verdict.WORSE);
            assertThat(stat.state()).isEqualTo(EvidenceState.DECIDED);
            assertThat(comparison.summary()).contains("better at margin 0.2")
                    .contains("; not recommendable: stat_validity is critical: worse at margin 0.05 (Δ \u22120.500, ");

            // When the team widens the dimension's margin live beyond what it loses
            driver.control(TASK, "{\"margin\": 0.2, \"critical\": {\"stat_validity\": 0.8}}");
            driver.replayed(replay(50, 0.3, -0.5));

            // Then the same evidence shows it non-inferior on stat_validity too
            Comparison widened = last(driver);
            assertThat(widened.critical("stat_validity").verdict()).isEqualTo(Verdict.NON_INFERIOR);
            assertThat(widened.summary()).endsWith("; non-inferior on every critical dimension");
        }
    }

    @Test
    void aCriticalDimensionWithoutEvidenceIsNotYetShownNonInferior() {
        try (ScorerDriver driver = new ScorerDriver(stateDir, ScorerDriver.MINUTE_WINDOWS, CallFixture.CATALOG)) {
            // Given format declared critical, and replays that carry no format delta
            driver.control(TASK, "{\"critical\": [\"format\"]}");
            driver.replayed(replay(1, 0.0, -0.25));

            // Then the comparison lists format with no evidence, and only the critical dimensions
            Comparison comparison = last(driver);
            assertThat(comparison.critical()).extracting(DimensionComparison::dimension).containsExactly("format");
            assertThat(comparison.critical("format").n()).isZero();
            assertThat(comparison.critical("format").verdict()).isNull();
            assertThat(comparison.summary()).endsWith("; not recommendable: format is critical: no paired evidence on it yet");
        }
    }

    @Test
    void anAlarmOnACriticalDimensionRestartsItsEvidenceAndIsPublishedAtOnce() {
        try (ScorerDriver driver = new ScorerDriver(stateDir, ScorerDriver.MINUTE_WINDOWS, CallFixture.CATALOG)) {
            // Given a candidate that tied on stat_validity for 85 pairs: non-inferior on it at margin 0.3
            driver.control(TASK, "{\"margin\": 0.3, \"critical\": [\"stat_validity\"]}");
            for (int i = 0; i < 85; i++) {
                driver.replayed(replay(i, 0.0, 0.0));
            }
            assertThat(last(driver).critical("stat_validity").verdict()).isEqualTo(Verdict.NON_INFERIOR);

            // When a provider update makes it lose every point of stat_validity on every call, the composite
            // still tied: past 100 pairs the composite's updates wait for the publish interval
            int i = 85;
            Comparison alarmed = null;
            while (alarmed == null && i < 185) {
                driver.replayed(replay(i++, 0.0, -1.0));
                alarmed = driver.comparisons().stream().map(kv -> kv.value)
                        .filter(c -> c.critical("stat_validity").restarts() > 0).findFirst().orElse(null);
            }

            // Then the alarm is published with the pair that raised it, past the first 100 pairs,
            // and the dimension's fresh evidence shows no verdict yet
            assertThat(alarmed).isNotNull();
            assertThat(alarmed.replays()).isGreaterThan(ComparisonProcessor.IMMEDIATE_UP_TO);
            DimensionComparison stat = alarmed.critical("stat_validity");
            assertThat(stat.state()).isEqualTo(EvidenceState.ALARMED);
            assertThat(stat.alarm()).contains("the mean fell");
            assertThat(alarmed.verdict()).isEqualTo(Verdict.NON_INFERIOR);
            assertThat(alarmed.summary()).contains("not recommendable: stat_validity is critical: no paired evidence on it yet;"
                    + " its evidence restarted 1 time, last after ");
        }
    }
}
