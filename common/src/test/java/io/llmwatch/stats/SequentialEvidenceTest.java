package io.llmwatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.Verdict;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequentialEvidenceTest {

    @Test
    void theSharesOfAlphaSpentOnRestartsSumToAlpha() {
        double sum = 0;
        for (int k = 1; k <= 1_000_000; k++) {
            sum += SequentialEvidence.spent(0.05, k);
        }
        assertThat(sum).isCloseTo(0.05, within(1e-7));
        assertThat(SequentialEvidence.spent(0.05, 1)).isCloseTo(0.0304, within(1e-4));
    }

    @Test
    void aMoveOfTheMeanRestartsTheEvidenceAtASmallerAlpha() {
        // Given a candidate decided non-inferior on 3,000 stable pairs
        SequentialEvidence evidence = new SequentialEvidence(0.05);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 3_000; i++) {
            evidence.add(random.nextDouble() < 0.05 ? -1 : random.nextDouble() < 0.05 ? 1 : 0);
        }
        assertThat(evidence.verdict(0.05)).isEqualTo(Verdict.NON_INFERIOR);
        assertThat(evidence.state(0.05)).isEqualTo(EvidenceState.MONITORING);
        assertThat(evidence.current().anytimeInterval().level()).isCloseTo(1 - 2 * 0.0304, within(1e-4));

        // When it breaks: a third of the prompts now fail
        int pairs = 0;
        while (evidence.restarts() == 0 && pairs < 1_000) {
            evidence.add(random.nextDouble() < 0.35 ? -1 : 0);
            pairs++;
        }

        // Then an alarm restarts the evidence within a couple of hundred pairs, at the second share of alpha
        assertThat(evidence.restarts()).isEqualTo(1);
        assertThat(pairs).isLessThan(200);
        assertThat(evidence.n()).isZero();
        assertThat(evidence.lifetimePairs()).isEqualTo(3_000 + pairs);
        assertThat(evidence.lastAlarm()).startsWith("after ").contains("the mean fell: pairs 1–");
        assertThat(evidence.lastShift()).isEqualTo(Shift.DOWN);
        assertThat(evidence.alphaInForce()).isCloseTo(0.05 * 6 / (Math.PI * Math.PI * 4), within(1e-12));
        assertThat(evidence.verdict(0.05)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(evidence.state(0.05)).isEqualTo(EvidenceState.ALARMED);
    }

    @Test
    void aRiseRestartsTheEstimateButKeepsTheVerdictAndALaterFallRevokesIt() {
        // Given a candidate decided non-inferior on 3,000 stable pairs
        SequentialEvidence evidence = new SequentialEvidence(0.05);
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 3_000; i++) {
            evidence.add(random.nextDouble() < 0.05 ? -1 : random.nextDouble() < 0.05 ? 1 : 0);
        }
        double lowerBefore = evidence.current().anytimeInterval().lower();
        assertThat(evidence.verdict(0.05)).isEqualTo(Verdict.NON_INFERIOR);

        // When the incumbent breaks: the candidate now wins a third of the prompts
        int pairs = 0;
        boolean nonInferiorThroughout = true;
        while (evidence.restarts() == 0 && pairs < 1_000) {
            evidence.add(random.nextDouble() < 0.35 ? 1 : 0);
            nonInferiorThroughout &= evidence.verdict(0.05).goodEnough();
            pairs++;
        }

        // Then the rise restarts the estimate, carries the lower bound over and keeps the verdict
        assertThat(evidence.restarts()).isEqualTo(1);
        assertThat(evidence.lastShift()).isEqualTo(Shift.UP);
        assertThat(evidence.lastAlarm()).contains("the mean rose: pairs ");
        assertThat(nonInferiorThroughout).isTrue();
        assertThat(evidence.n()).isZero();
        assertThat(evidence.current().floor()).isPresent();
        assertThat(evidence.current().anytimeInterval().lower()).isGreaterThanOrEqualTo(lowerBefore);
        assertThat(evidence.current().anytimeInterval().level())
                .isCloseTo(1 - 2 * SequentialEvidence.spent(0.05, 2) - SequentialEvidence.spent(0.05, 1), within(1e-12));
        assertThat(evidence.state(0.05)).isEqualTo(EvidenceState.MONITORING);
        for (int i = 0; i < 500; i++) {
            evidence.add(random.nextDouble() < 0.35 ? 1 : 0);
        }
        assertThat(evidence.verdict(0.05)).isEqualTo(Verdict.BETTER);
        assertThat(evidence.restarts()).isEqualTo(1);

        // When the candidate then breaks too
        pairs = 0;
        while (evidence.restarts() == 1 && pairs < 1_000) {
            evidence.add(random.nextDouble() < 0.4 ? -1 : 0);
            pairs++;
        }

        // Then the fall revokes the verdict at once and the fresh evidence carries nothing over
        assertThat(evidence.restarts()).isEqualTo(2);
        assertThat(evidence.lastShift()).isEqualTo(Shift.DOWN);
        assertThat(evidence.current().floor()).isEmpty();
        assertThat(evidence.verdict(0.05)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(evidence.state(0.05)).isEqualTo(EvidenceState.ALARMED);
    }

    @Test
    void theEvidenceSurvivesTheStateStoreExactly() {
        SequentialEvidence evidence = new SequentialEvidence(0.1);
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 5_000; i++) {
            evidence.add(i < 2_500 ? 0 : random.nextDouble() < 0.4 ? -1 : 0);
        }
        for (int i = 0; i < 3_000 && evidence.lastShift() != Shift.UP; i++) {
            evidence.add(random.nextDouble() < 0.3 ? 1 : 0);
        }
        assertThat(evidence.current().floor()).isPresent();
        SequentialEvidenceSerde serde = new SequentialEvidenceSerde();
        SequentialEvidence copy = serde.deserializer().deserialize("t", serde.serializer().serialize("t", evidence));
        for (int i = 0; i < 1_000; i++) {
            double d = random.nextDouble() < 0.1 ? 1 : 0;
            evidence.add(d);
            copy.add(d);
        }
        assertThat(copy.restarts()).isEqualTo(evidence.restarts()).isPositive();
        assertThat(copy.lastAlarm()).isEqualTo(evidence.lastAlarm());
        assertThat(copy.lastShift()).isEqualTo(evidence.lastShift());
        assertThat(copy.current().anytimeInterval()).isEqualTo(evidence.current().anytimeInterval());
        assertThat(copy.lifetimePairs()).isEqualTo(evidence.lifetimePairs());
        assertThat(serde.serializer().serialize("t", copy)).isEqualTo(serde.serializer().serialize("t", evidence));
    }

    @Test
    void theDetectorKeepsABoundedNumberOfSequences() {
        ConfidenceSequenceDetector detector = new ConfidenceSequenceDetector(0.01);
        int most = 0;
        for (int i = 0; i < 200_000; i++) {
            detector.update(i % 3 == 0 ? 1 : 0);
            most = Math.max(most, detector.sequences());
        }
        assertThat(most).isLessThanOrEqualTo(2 * (ConfidenceSequenceDetector.MAX_LEVEL - ConfidenceSequenceDetector.MIN_LEVEL + 1) + 1);
        assertThat(detector.n()).isEqualTo(200_000);
    }
}
