package io.llmwatch.scorer.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.CallError;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.Cost;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.Judgement;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.Usage;
import io.llmwatch.event.Verdict;
import io.llmwatch.scorer.CallFixture;
import io.llmwatch.scorer.ScorerDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTopologyTest {

    private static final String KEY = "support/classify-intent/gpt-4.1-mini";
    /** Enough for a verdict at margin 0.2 with these deltas; the test driver flushes its stores after every record. */
    private static final int PAIRS = 150;
    private static final Instant T0 = Instant.parse("2026-03-02T11:00:00Z");

    @TempDir
    Path stateDir;

    /** A judged replay of call {@code i} by {@code model} against gpt-4.1, with delta {@code d}. */
    private static ReplayResult replay(int i, String model, Double d) {
        boolean control = model.equals("gpt-4.1");
        Judgement judgement = control || d == null ? null
                : new Judgement("exact", d, d > 0 ? 1.0 : 0.0, 0.0, null, null, null);
        return new ReplayResult(null, "call-" + i, T0, "support", "classify-intent", "gpt-4.1", model, "openai", control,
                null, "billing", "stop", Usage.of(100, 5), Cost.local(0.0002, "gpt-4.1-mini"), 300.0 + i, null, 1,
                judgement, 0.0002, 0.0010, T0.plusSeconds(i));
    }

    private static ReplayResult failed(int i) {
        return new ReplayResult(null, "call-" + i, T0, "support", "classify-intent", "gpt-4.1", "gpt-4.1-mini", "openai",
                false, null, null, null, null, null, null, new CallError("timeout", "no answer in 30 s"), 3, null, 0.0002,
                0.0010, T0.plusSeconds(i));
    }

    @Test
    void everyJudgedReplayUpdatesTheCandidatesPairedStatistics() {
        try (ScorerDriver driver = new ScorerDriver(stateDir, ScorerDriver.MINUTE_WINDOWS, CallFixture.CATALOG)) {
            // Given three judged replays of gpt-4.1-mini, one failed replay, and the incumbent's self-replays
            driver.replayed(replay(1, "gpt-4.1-mini", 0.0)).replayed(replay(1, "gpt-4.1", null))
                    .replayed(replay(2, "gpt-4.1-mini", 1.0))
                    .replayed(replay(3, "gpt-4.1-mini", -1.0))
                    .replayed(failed(4));

            // Then one comparison per candidate replay, none for the self-replays, the last with all of them
            List<KeyValue<String, Comparison>> comparisons = driver.comparisons();
            assertThat(comparisons).extracting(kv -> kv.key).containsOnly(KEY);
            assertThat(comparisons).extracting(kv -> kv.value.n()).containsExactly(1L, 2L, 3L, 3L);
            Comparison last = comparisons.get(3).value;
            assertThat(last.incumbent()).isEqualTo("gpt-4.1");
            assertThat(last.candidate()).isEqualTo("gpt-4.1-mini");
            assertThat(last.judge()).isEqualTo("exact");
            assertThat(last.meanDelta()).isCloseTo(0.0, within(1e-12));
            assertThat(last.replays()).isEqualTo(4);
            assertThat(last.failures()).isEqualTo(1);
            assertThat(last.errorRate()).isCloseTo(0.25, within(1e-12));
            assertThat(last.candidateCostPerCall()).isCloseTo(0.0002, within(1e-12));
            assertThat(last.incumbentCostPerCall()).isCloseTo(0.0010, within(1e-12));
            assertThat(last.replaySpendUsd()).isCloseTo(0.0006, within(1e-12));
            assertThat(last.latencyP95Ms()).isNotNull();
            assertThat(last.margin()).isEqualTo(0.02);
            assertThat(last.confidenceSequence().lower()).isLessThan(-0.02);
            // Three pairs decide nothing, however they fall; the summary says what deciding would cost
            assertThat(last.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(last.summary()).startsWith("gpt-4.1-mini vs gpt-4.1 on support/classify-intent: inconclusive"
                    + " at margin 0.02 (Δ +0.000, 94 % CS [");
            // the sequence is two-sided at 2 × 6α/π², so its lower bound alone is a one-sided test at 6α/π²
            assertThat(last.confidenceSequence().level()).isCloseTo(1 - 12 * 0.05 / (Math.PI * Math.PI), within(1e-12));
            assertThat(last.state()).isEqualTo(EvidenceState.ACCUMULATING);
            assertThat(last.restarts()).isZero();
        }
    }

    @Test
    void aResultDeliveredAgainIsCountedOnce() {
        try (ScorerDriver driver = new ScorerDriver(stateDir, ScorerDriver.MINUTE_WINDOWS, CallFixture.CATALOG)) {
            // Given two replays counted
            driver.replayed(replay(1, "gpt-4.1-mini", 1.0)).replayed(replay(2, "gpt-4.1-mini", 0.0));
            assertThat(driver.comparisons()).hasSize(2);

            // When the worker delivers them again (at least once), then a new one
            driver.replayed(replay(2, "gpt-4.1-mini", 0.0)).replayed(replay(1, "gpt-4.1-mini", 1.0))
                    .replayed(replay(3, "gpt-4.1-mini", 1.0));

            // Then only the new one counts
            List<KeyValue<String, Comparison>> comparisons = driver.comparisons();
            assertThat(comparisons).hasSize(1);
            assertThat(comparisons.get(0).value.n()).isEqualTo(3);
            assertThat(comparisons.get(0).value.meanDelta()).isCloseTo(2.0 / 3, within(1e-12));
        }
    }

    @Test
    void manyPairsOfANonInferiorCandidateReachTheVerdict() {
        try (ScorerDriver driver = new ScorerDriver(stateDir, ScorerDriver.MINUTE_WINDOWS, CallFixture.CATALOG)) {
            // Given a candidate that agrees with production exactly as often as production agrees with itself
            driver.control("task/support/classify-intent", "{\"margin\": 0.2}");
            for (int i = 0; i < PAIRS; i++) {
                driver.replayed(replay(i, "gpt-4.1-mini", i == 10 ? 1.0 : i == 20 ? -1.0 : 0.0));
            }

            // Then, at the live margin of 0.2, the confidence sequence clears −m: non-inferior; past the
            // first pairs, published once a second rather than for every pair
            driver.advanceWallClock(Duration.ofSeconds(1));
            List<KeyValue<String, Comparison>> comparisons = driver.comparisons();
            assertThat(comparisons).hasSize(101);
            Comparison last = comparisons.get(comparisons.size() - 1).value;
            assertThat(last.n()).isEqualTo(PAIRS);
            assertThat(last.margin()).isEqualTo(0.2);
            assertThat(last.verdict()).isEqualTo(Verdict.NON_INFERIOR);
            assertThat(last.morePairsNeeded()).isNull();
            assertThat(comparisons.get(10).value.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        }
    }

    @Test
    void evidenceAgainstAnotherIncumbentStartsAfresh() {
        try (ScorerDriver driver = new ScorerDriver(stateDir, ScorerDriver.MINUTE_WINDOWS, CallFixture.CATALOG)) {
            // Given statistics of gpt-4.1-mini against gpt-4.1
            driver.replayed(replay(1, "gpt-4.1-mini", 1.0)).replayed(replay(2, "gpt-4.1-mini", 1.0));
            ReplayResult againstO3 = replay(3, "gpt-4.1-mini", -1.0);

            // When the task's incumbent changed and replays are judged against the new one
            driver.replayed(new ReplayResult(null, againstO3.callId(), T0, "support", "classify-intent", "o3",
                    "gpt-4.1-mini", "openai", false, null, "x", "stop", againstO3.usage(), againstO3.cost(), 200.0, null, 1,
                    againstO3.judgement(), 0.0002, 0.01, T0));

            // Then the comparison counts only those
            Comparison last = driver.comparisons().get(2).value;
            assertThat(last.incumbent()).isEqualTo("o3");
            assertThat(last.n()).isEqualTo(1);
            assertThat(last.meanDelta()).isEqualTo(-1.0);
        }
    }

    @Test
    void aChangeAlarmIsPublishedAtOnceAndTakesTheVerdictBack() {
        try (ScorerDriver driver = new ScorerDriver(stateDir, ScorerDriver.MINUTE_WINDOWS, CallFixture.CATALOG)) {
            // Given a candidate that tied with the incumbent for 120 pairs: non-inferior at margin 0.2
            driver.control("task/support/classify-intent", "{\"margin\": 0.2}");
            for (int i = 0; i < 120; i++) {
                driver.replayed(replay(i, "gpt-4.1-mini", 0.0));
            }
            driver.advanceWallClock(Duration.ofSeconds(1));
            List<KeyValue<String, Comparison>> before = driver.comparisons();
            assertThat(before.get(before.size() - 1).value.state()).isEqualTo(EvidenceState.MONITORING);

            // When it breaks: it loses two pairs in three from then on
            for (int i = 120; i < 270; i++) {
                driver.replayed(replay(i, "gpt-4.1-mini", i % 3 == 0 ? 0.0 : -1.0));
            }
            List<KeyValue<String, Comparison>> after = driver.comparisons().stream()
                    .filter(kv -> kv.value.restarts() > 0).toList();

            // Then the alarm is published with the pair that raised it, without waiting for the publish interval
            Comparison alarmed = after.get(0).value;
            assertThat(alarmed.replays()).isLessThan(270);
            assertThat(alarmed.state()).isEqualTo(EvidenceState.ALARMED);
            assertThat(alarmed.verdict()).isNull();
            assertThat(alarmed.n()).isZero();
            assertThat(alarmed.alarm()).contains("the mean fell");
            assertThat(alarmed.summary()).contains("evidence restarted 1 time, last after ");
        }
    }

    @Test
    void whenTheIncumbentBreaksTheCandidateKeepsItsVerdict() {
        try (ScorerDriver driver = new ScorerDriver(stateDir, ScorerDriver.MINUTE_WINDOWS, CallFixture.CATALOG)) {
            // Given a candidate that tied with the incumbent for 120 pairs: non-inferior at margin 0.2
            driver.control("task/support/classify-intent", "{\"margin\": 0.2}");
            for (int i = 0; i < 120; i++) {
                driver.replayed(replay(i, "gpt-4.1-mini", 0.0));
            }
            driver.advanceWallClock(Duration.ofSeconds(1));
            driver.comparisons();

            // When the incumbent breaks: the candidate now wins two pairs in three
            for (int i = 120; i < 270; i++) {
                driver.replayed(replay(i, "gpt-4.1-mini", i % 3 == 0 ? 0.0 : 1.0));
            }
            driver.advanceWallClock(Duration.ofSeconds(1));

            // Then the rise restarted the estimate, and every comparison published kept the candidate eligible
            List<Comparison> after = driver.comparisons().stream().map(kv -> kv.value).toList();
            assertThat(after).isNotEmpty().allSatisfy(c -> {
                assertThat(c.verdict()).isNotNull();
                assertThat(c.verdict().goodEnough()).isTrue();
                assertThat(c.state()).isEqualTo(EvidenceState.MONITORING);
            });
            Comparison last = after.get(after.size() - 1);
            assertThat(last.restarts()).isEqualTo(1);
            assertThat(last.alarm()).contains("the mean rose");
            assertThat(last.n()).isLessThan(150);
            assertThat(last.meanDelta()).isGreaterThan(0.5);
            assertThat(last.verdict()).isEqualTo(Verdict.BETTER);
        }
    }

    @Test
    void whenTheMeanMovesTheStatisticsStartAfresh() {
        try (ScorerDriver driver = new ScorerDriver(stateDir, ScorerDriver.MINUTE_WINDOWS, CallFixture.CATALOG)) {
            // Given a candidate that lost every pair for a while: its confidence sequence sits near −1
            for (int i = 0; i < 30; i++) {
                driver.replayed(replay(i, "gpt-4.1-mini", -1.0));
            }
            // When a provider update makes it tie with the incumbent from then on
            for (int i = 30; i < 120; i++) {
                driver.replayed(replay(i, "gpt-4.1-mini", 0.0));
            }

            // Then the sequence contradicts itself at some point and the comparison restarts from there:
            // the latest comparison counts only ties, and its interval contains their mean
            List<KeyValue<String, Comparison>> comparisons = driver.comparisons();
            Comparison last = comparisons.get(comparisons.size() - 1).value;
            assertThat(last.replays()).isEqualTo(120);
            assertThat(last.n()).isLessThan(90);
            assertThat(last.meanDelta()).isEqualTo(0.0);
            assertThat(last.confidenceSequence().contains(0.0)).isTrue();
            assertThat(last.restarts()).isPositive();
        }
    }

    @Test
    void aBadResultGoesToTheDeadLetterTopicAndTheNextOneIsCounted() {
        try (ScorerDriver driver = new ScorerDriver(stateDir, ScorerDriver.MINUTE_WINDOWS, CallFixture.CATALOG)) {
            driver.replayedRaw("call-9", "{\"schema\":\"llmwatch.replay-result.v1\",\"call_id\":\"call-9\",\"control\":false,\"attempts\":1}");
            driver.replayed(replay(1, "gpt-4.1-mini", 1.0));

            assertThat(driver.deadLetters()).singleElement()
                    .satisfies(kv -> assertThat(kv.value.reason()).contains("app"));
            assertThat(driver.comparisons()).hasSize(1);
        }
    }
}
