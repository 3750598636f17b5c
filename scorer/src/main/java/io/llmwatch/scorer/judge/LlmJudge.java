package io.llmwatch.scorer.judge;

import io.llmwatch.event.CallError;
import io.llmwatch.event.Cost;
import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.Judgement;
import io.llmwatch.event.Usage;
import io.llmwatch.price.Pricing;
import io.llmwatch.scorer.provider.ChatClient;
import io.llmwatch.scorer.provider.ChatResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code llm} judge: pairwise LLM-as-judge. A judge model is shown the recorded task and the two
 * answers ({@link JudgePrompt}) and asked for a strict JSON verdict ({@link PairwiseVerdict}), twice,
 * concurrently: once with production's answer as A, once with the candidate's as A. Judge models
 * prefer one position; asking in both orders cancels that bias.
 *
 * <p>Each usable order gives the candidate's score s = +confidence when the candidate wins,
 * −confidence when production wins, 0 for a tie; d is the mean of s over the usable orders. So d = +1
 * when the candidate wins both orders with full confidence, −1 when production does, and a split
 * verdict (each answer wins when shown first, i.e. pure position bias) or ties give ≈ 0. Scaling by
 * confidence keeps a hesitant verdict from counting as much as a sure one. An order whose reply is
 * malformed, or whose request failed, is unusable: with one usable order d comes from it alone (and
 * the explanation says the position bias was not cancelled), with none d is null. candidateScore is
 * the candidate's share of wins (a tie counts half), baselineScore production's.
 *
 * <p>The judge's own tokens (both orders) and their cost at the judge model's catalog price are
 * recorded in the judgement, apart from the replay's: a judge's cost is part of the price of knowing.
 */
public final class LlmJudge implements Judge {

    /** What "better" means when {@code judges.llm.rubric} is not configured. */
    public static final String DEFAULT_RUBRIC = """
            - Correct: no factual errors, no wrong numbers, nothing invented that the task does not support.
            - Complete: does everything the task asks, and nothing it was told not to.
            - Follows the instructions, including the requested format, language and length.
            - Concise: no padding; a shorter answer that is as good is better.""";

    private static final int MAX_REASON_CHARS = 240;

    private final ChatClient client;
    private final String model;
    private final String rubric;
    private final Pricing prices;

    /**
     * @param model  the judge model at the client's provider
     * @param rubric what "better" means; null or blank = {@link #DEFAULT_RUBRIC}
     * @param prices the live prices, to cost the judge's tokens
     */
    public LlmJudge(ChatClient client, String model, String rubric, Pricing prices) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("the llm judge needs a model");
        }
        this.client = client;
        this.model = model;
        this.rubric = rubric == null || rubric.isBlank() ? DEFAULT_RUBRIC : rubric;
        this.prices = prices;
    }

    @Override
    public JudgeKind kind() {
        return JudgeKind.LLM;
    }

    @Override
    public CompletableFuture<Judgement> judge(JudgeInput input) {
        CompletableFuture<Reading> productionFirst = ask(input, false);
        CompletableFuture<Reading> candidateFirst = ask(input, true);
        return productionFirst.thenCombine(candidateFirst, this::combine);
    }

    private CompletableFuture<Reading> ask(JudgeInput input, boolean candidateIsA) {
        String a = candidateIsA ? input.candidate() : input.production();
        String b = candidateIsA ? input.production() : input.candidate();
        CompletableFuture<ChatResult> reply;
        try {
            reply = client.complete(model, JudgePrompt.request(model, rubric, input.request(), a, b));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((result, failure) -> failure != null
                ? Reading.of(candidateIsA, new ChatResult(null, null, null, null, null, 0,
                        new CallError(failure.getClass().getSimpleName(), String.valueOf(failure.getMessage())), 0))
                : Reading.of(candidateIsA, result));
    }

    private Judgement combine(Reading productionFirst, Reading candidateFirst) {
        List<Reading> usable = new ArrayList<>();
        for (Reading reading : List.of(productionFirst, candidateFirst)) {
            if (reading.verdict() != null) {
                usable.add(reading);
            }
        }
        Usage usage = usage(productionFirst.result(), candidateFirst.result());
        Cost cost = usage != null ? prices.cost(model, usage)
                : productionFirst.result().failed() && candidateFirst.result().failed() ? null
                : Cost.unknown("the judge model reported no token usage");
        String explanation = productionFirst + "; " + candidateFirst;
        if (usable.isEmpty()) {
            return new Judgement(kind().id(), null, null, null, cost, usage, "no usable verdict: " + explanation);
        }
        double delta = usable.stream().mapToDouble(Reading::candidateScore).average().orElseThrow();
        double wins = usable.stream().mapToDouble(Reading::candidateWinShare).average().orElseThrow();
        if (usable.size() == 1) {
            explanation = "one order only, position bias not cancelled: " + explanation;
        }
        return new Judgement(kind().id(), Deltas.clamp(delta), wins, 1 - wins, cost, usage, explanation);
    }

    /**
     * Tokens of both requests. A failed request without usage was not charged; a successful one
     * without usage makes the total unknown.
     */
    static Usage usage(ChatResult first, ChatResult second) {
        Usage total = null;
        for (ChatResult result : List.of(first, second)) {
            if (result.usage() == null) {
                if (!result.failed()) {
                    return null;
                }
                continue;
            }
            total = total == null ? result.usage() : plus(total, result.usage());
        }
        return total;
    }

    private static Usage plus(Usage a, Usage b) {
        return new Usage(sum(a.inputTokens(), b.inputTokens()), sum(a.outputTokens(), b.outputTokens()),
                sum(a.cacheReadInputTokens(), b.cacheReadInputTokens()),
                sum(a.cacheCreationInputTokens(), b.cacheCreationInputTokens()),
                sum(a.reasoningOutputTokens(), b.reasoningOutputTokens()));
    }

    private static Long sum(Long a, Long b) {
        return a == null || b == null ? null : a + b;
    }

    /**
     * One order's outcome.
     *
     * @param candidateIsA whether the candidate's answer was shown as A
     * @param verdict      null when the order is unusable
     * @param problem      why it is unusable
     */
    private record Reading(boolean candidateIsA, ChatResult result, PairwiseVerdict verdict, String problem) {

        static Reading of(boolean candidateIsA, ChatResult result) {
            if (result.failed()) {
                return new Reading(candidateIsA, result, null,
                        "request failed: " + result.error().type() + ": " + result.error().message());
            }
            try {
                return new Reading(candidateIsA, result, PairwiseVerdict.parse(result.outputText()), null);
            } catch (IllegalArgumentException e) {
                return new Reading(candidateIsA, result, null, "malformed verdict: " + e.getMessage());
            }
        }

        private String candidateLetter() {
            return candidateIsA ? PairwiseVerdict.A : PairwiseVerdict.B;
        }

        double candidateScore() {
            return verdict.winner().equals(PairwiseVerdict.TIE) ? 0
                    : verdict.winner().equals(candidateLetter()) ? verdict.confidence() : -verdict.confidence();
        }

        double candidateWinShare() {
            return verdict.winner().equals(PairwiseVerdict.TIE) ? 0.5
                    : verdict.winner().equals(candidateLetter()) ? 1 : 0;
        }

        @Override
        public String toString() {
            String order = candidateIsA ? "candidate as A" : "production as A";
            if (verdict == null) {
                return order + ": " + problem;
            }
            String winner = verdict.winner().equals(PairwiseVerdict.TIE) ? "tie"
                    : verdict.winner() + " (" + (verdict.winner().equals(candidateLetter()) ? "candidate" : "production") + ") wins";
            String reason = verdict.reason().length() <= MAX_REASON_CHARS ? verdict.reason()
                    : verdict.reason().substring(0, MAX_REASON_CHARS) + "…";
            return String.format(Locale.ROOT, "%s: %s, confidence %.2f%s", order, winner, verdict.confidence(),
                    reason.isEmpty() ? "" : " — " + reason);
        }
    }
}
