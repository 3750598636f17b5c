package io.llmwatch.event;

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
 */
public record Judgement(
        String judge,
        Double delta,
        Double candidateScore,
        Double baselineScore,
        Cost cost,
        Usage usage,
        String explanation) {
}
