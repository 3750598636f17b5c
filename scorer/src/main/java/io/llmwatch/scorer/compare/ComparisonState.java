package io.llmwatch.scorer.compare;

import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.stats.PairedDeltas;

/**
 * Everything known about one candidate against the incumbent on one task: the paired deltas and the
 * replay figures around them. Mutable; one per {@code app/task/candidate} in the comparison store.
 */
final class ComparisonState {

    PairedDeltas deltas;
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

    ComparisonState(PairedDeltas deltas, LatencyHistogram latency) {
        this.deltas = deltas;
        this.latency = latency;
    }

    static ComparisonState empty() {
        return new ComparisonState(new PairedDeltas(), new LatencyHistogram());
    }

    /** Counts one replay of the candidate, and its paired delta when it was judged. */
    void add(ReplayResult result) {
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
                deltas.add(result.judgement().delta());
            }
        }
    }

    /**
     * Starts the paired statistics afresh (the replay figures stay): the confidence sequence assumes
     * one mean for the whole comparison, and a provider update moves it.
     */
    void restartStatistics() {
        deltas = new PairedDeltas();
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
