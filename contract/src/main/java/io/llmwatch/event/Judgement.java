package io.llmwatch.event;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a judge scored one replayed output against production, on the same call.
 *
 * @param judge          the judge that decided ({@code exact}, {@code json}, {@code reference},
 *                       {@code embedding}, {@code llm})
 * @param delta          the paired delta d ∈ [-1, 1] of candidate vs incumbent; null for the
 *                       incumbent's own self-replay and for failed replays
 * @param candidateScore the candidate's agreement with production (or score against the reference)
 * @param baselineScore  what the candidate is compared with: the self-replay's agreement with
 *                       production, or the production output's score against the reference
 * @param cost           what judging cost (an LLM judge's or embedding model's tokens), null when free
 * @param usage          the judge's own tokens, when it used a model
 * @param explanation    the judge's reason, when it gives one
 * @param dimensions     paired delta per critical dimension of the task, in [-1, 1]: the
 *                       candidate's score on it minus production's, on this call
 *                       (docs/dimensions.md#critical-dimensions); null when none was scored
 */
public record Judgement(
        String judge,
        Double delta,
        Double candidateScore,
        Double baselineScore,
        Cost cost,
        Usage usage,
        String explanation,
        Map<String, Double> dimensions) {

    public Judgement {
        // a null delta is kept for validation to name (judgement.dimensions.<name>)
        dimensions = dimensions == null || dimensions.isEmpty() ? null
                : Collections.unmodifiableMap(new TreeMap<>(dimensions));
    }

    /** A judgement of the composite alone. */
    public Judgement(String judge, Double delta, Double candidateScore, Double baselineScore, Cost cost, Usage usage,
                     String explanation) {
        this(judge, delta, candidateScore, baselineScore, cost, usage, explanation, null);
    }

    /** This judgement with the paired deltas of the critical dimensions. */
    public Judgement withDimensions(Map<String, Double> deltas) {
        return new Judgement(judge, delta, candidateScore, baselineScore, cost, usage, explanation, deltas);
    }
}
