package io.llmwatch.scorer.judge;

import io.llmwatch.event.Cost;
import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.Judgement;
import io.llmwatch.event.Usage;
import io.llmwatch.price.Pricing;
import io.llmwatch.scorer.provider.EmbeddingClient;
import io.llmwatch.scorer.provider.Embeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The {@code embedding} judge, for free text: an output's agreement with production is the cosine
 * similarity of their sentence embeddings, floored at 0. Sentence-embedding cosines of unrelated
 * texts sit near 0 and rarely below; a negative cosine means no more disagreement than an unrelated
 * text, so it maps to 0 rather than stretching the scale ((1 + cos) / 2 would put unrelated texts at
 * 0.5). The delta is against the self-replay control (see {@link Deltas}).
 *
 * <p>The texts of one pair (production, candidate, self-replay; each distinct non-blank text once)
 * go to the {@link EmbeddingClient} in one batched call. Texts identical to production agree 1
 * without embedding; a blank output agrees with nothing but a blank production. A failed embedding
 * call is a judgement with a null delta that says why. Tokens an embedding endpoint charged are
 * priced at the model's catalog price when it reports them (an in-process model costs nothing).
 */
public final class EmbeddingJudge implements Judge {

    private final Supplier<EmbeddingClient> client;
    private final Pricing prices;

    /**
     * @param client resolved on first use, so that an in-process model is loaded only when a task
     *               is judged by embeddings
     * @param prices the live prices, for an embedding endpoint's tokens
     */
    public EmbeddingJudge(Supplier<EmbeddingClient> client, Pricing prices) {
        this.client = client;
        this.prices = prices;
    }

    @Override
    public JudgeKind kind() {
        return JudgeKind.EMBEDDING;
    }

    @Override
    public CompletableFuture<Judgement> judge(JudgeInput input) {
        String production = text(input.production());
        String candidate = text(input.candidate());
        String control = input.control() == null ? null : text(input.control());
        List<String> texts = new ArrayList<>();
        for (String text : new String[] {production, candidate, control}) {
            if (text != null && !text.isBlank() && !texts.contains(text)) {
                texts.add(text);
            }
        }
        if (texts.size() < 2 || production.isBlank()) {
            Vectors none = new Vectors(texts, List.of());
            return CompletableFuture.completedFuture(judgement(none, production, candidate, control, null));
        }
        CompletableFuture<Embeddings> embedded;
        try {
            embedded = client.get().embed(texts);
        } catch (RuntimeException e) {
            embedded = CompletableFuture.failedFuture(e);
        }
        return embedded.handle((embeddings, failure) -> {
            if (failure != null) {
                return failed(failure);
            }
            if (embeddings.vectors().size() != texts.size()) {
                return failed(new IllegalStateException("the embedding model returned " + embeddings.vectors().size()
                        + " vectors for " + texts.size() + " texts"));
            }
            return judgement(new Vectors(texts, embeddings.vectors()), production, candidate, control, cost(embeddings));
        });
    }

    private Judgement judgement(Vectors vectors, String production, String candidate, String control, Cost cost) {
        Agreement candidateAgreement = vectors.agreement(candidate, production);
        Agreement controlAgreement = control == null ? null : vectors.agreement(control, production);
        return Deltas.againstControl(kind(), candidateAgreement, controlAgreement, cost, null);
    }

    private Judgement failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return new Judgement(kind().id(), null, null, null, null, null,
                "the embedding model failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private Cost cost(Embeddings embeddings) {
        Usage usage = embeddings.usage();
        if (usage == null) {
            return null;
        }
        // An embedding has no output tokens; an endpoint that leaves them out has not made them unknown.
        Usage priced = usage.outputTokens() == null
                ? new Usage(usage.inputTokens(), 0L, usage.cacheReadInputTokens(), usage.cacheCreationInputTokens(), null)
                : usage;
        return prices.cost(embeddings.model(), priced);
    }

    private static String text(String output) {
        return output == null ? "" : output;
    }

    /** Cosine similarity of two vectors; 0 when either is all zeros. */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of different dimensions: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            normA += a[i] * (double) a[i];
            normB += b[i] * (double) b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }

    /** The embedded texts of one pair, in the order they were sent. */
    private record Vectors(List<String> texts, List<float[]> vectors) {

        Agreement agreement(String output, String production) {
            if (output.equals(production)) {
                return new Agreement(1, "same text");
            }
            if (output.isBlank() || production.isBlank()) {
                return new Agreement(0, "one side is blank");
            }
            double cosine = cosine(vectors.get(texts.indexOf(output)), vectors.get(texts.indexOf(production)));
            return new Agreement(Math.max(0, Math.min(1, cosine)), String.format(Locale.ROOT, "cosine %.3f", cosine));
        }
    }
}
