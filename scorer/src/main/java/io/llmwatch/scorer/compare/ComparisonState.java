package io.llmwatch.scorer.compare;

import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.scorer.provider.ErrorTypes;
import io.llmwatch.stats.SequentialEvidence;

/**
 * Everything known about one candidate against the incumbent on one task: the paired evidence (with
 * its change detector and restarts) and the replay figures around them. Mutable; one per
 * {@code app/task/candidate} in the comparison store.
 */
final class ComparisonState {

    SequentialEvidence evidence;
    final LatencyHistogram latency;
    String incumbent;
    String judge;
    long replays;
    long failures;
    long pricedReplays;
    double candidateCostSum;
    long pricedOriginals;
    double originalCostSum;
    long judged;
    double judgeCostSum;
    double spendUsd;

    ComparisonState(SequentialEvidence evidence, LatencyHistogram latency) {
        this.evidence = evidence;
        this.latency = latency;
    }

    /** @param alpha the task's lifetime alpha */
    static ComparisonState empty(double alpha) {
        return new ComparisonState(new SequentialEvidence(alpha), new LatencyHistogram());
    }

    /**
     * Counts one replay of the candidate, and its paired delta when it was judged.
     *
     * @return true when the delta raised a change alarm: the evidence has started afresh
     */
    boolean add(ReplayResult result) {
        if (result.failed() && ErrorTypes.INTERRUPTED.equals(result.error().type())) {
            // not sent after a worker crash (ReplayLedger): says nothing about the candidate
            return false;
        }
        replays++;
        if (result.failed()) {
            failures++;
        } else if (result.latencyMs() != null) {
            latency.add(result.latencyMs());
        }
        if (result.cost() != null && result.cost().known()) {
            pricedReplays++;
            candidateCostSum += result.cost().amount();
            spendUsd += result.cost().amount();
        }
        if (result.originalCostUsd() != null) {
            pricedOriginals++;
            originalCostSum += result.originalCostUsd();
        }
        if (result.judgement() != null) {
            judge = result.judgement().judge();
            if (result.judgement().cost() != null && result.judgement().cost().known()) {
                judged++;
                judgeCostSum += result.judgement().cost().amount();
                spendUsd += result.judgement().cost().amount();
            }
            if (result.judgement().delta() != null) {
                return evidence.add(result.judgement().delta());
            }
        }
        return false;
    }

    Double candidateCostPerCall() {
        return pricedReplays == 0 ? null : candidateCostSum / pricedReplays;
    }

    Double incumbentCostPerCall() {
        return pricedOriginals == 0 ? null : originalCostSum / pricedOriginals;
    }

    double judgeCostPerPair() {
        return judged == 0 ? 0 : judgeCostSum / judged;
    }
}
