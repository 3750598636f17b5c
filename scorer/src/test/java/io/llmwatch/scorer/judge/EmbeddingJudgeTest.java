package io.llmwatch.scorer.judge;

import static io.llmwatch.scorer.judge.Inputs.judged;
import static io.llmwatch.scorer.judge.Inputs.pair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.CostSource;
import io.llmwatch.event.Judgement;
import io.llmwatch.event.Usage;
import io.llmwatch.price.ModelPrice;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.provider.EmbeddingClient;
import io.llmwatch.scorer.provider.Embeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EmbeddingJudgeTest {

    /**
     * A deterministic embedding: each text maps to a fixed vector. Records every call, to check that
     * a pair is embedded in one batch.
     */
    static class FixedEmbeddings implements EmbeddingClient {
        final Map<String, float[]> vectors;
        final Usage usage;
        final List<List<String>> calls = new ArrayList<>();

        FixedEmbeddings(Map<String, float[]> vectors, Usage usage) {
            this.vectors = vectors;
            this.usage = usage;
        }

        @Override
        public synchronized CompletableFuture<Embeddings> embed(List<String> texts) {
            calls.add(List.copyOf(texts));
            List<float[]> out = new ArrayList<>();
            for (String text : texts) {
                float[] vector = vectors.get(text);
                if (vector == null) {
                    return CompletableFuture.failedFuture(new IllegalArgumentException("no vector for '" + text + "'"));
                }
                out.add(vector);
            }
            return CompletableFuture.completedFuture(new Embeddings(out, "text-embedding-3-small", usage));
        }
    }

    private static final String PRODUCTION = "The invoice was charged twice";
    private static final String PARAPHRASE = "I was billed two times";
    private static final String REPHRASED = "The bill was charged two times";
    private static final String UNRELATED = "The weather is sunny in Lisbon";

    // unit vectors: cos(production, paraphrase) = 0.8, cos(production, rephrased) = 0.6,
    // cos(production, unrelated) = -0.6 (floored to 0)
    private static final Map<String, float[]> VECTORS = Map.of(
            PRODUCTION, new float[] {1, 0},
            PARAPHRASE, new float[] {0.8f, 0.6f},
            REPHRASED, new float[] {0.6f, 0.8f},
            UNRELATED, new float[] {-0.6f, 0.8f});

    private final FixedEmbeddings client = new FixedEmbeddings(VECTORS, null);
    private final EmbeddingJudge judge = new EmbeddingJudge(() -> client, PriceCatalog.defaults());

    @Test
    void delta_is_cosine_agreement_against_the_self_replay() {
        Judgement judgement = judged(judge, pair(PRODUCTION, REPHRASED, PARAPHRASE));
        assertThat(judgement.judge()).isEqualTo("embedding");
        assertThat(judgement.candidateScore()).isCloseTo(0.8, within(1e-6));
        assertThat(judgement.baselineScore()).isCloseTo(0.6, within(1e-6));
        assertThat(judgement.delta()).isCloseTo(0.2, within(1e-6));
        assertThat(judgement.cost()).isNull();
        assertThat(judgement.explanation()).contains("cosine 0.800", "cosine 0.600");
    }

    @Test
    void one_batched_call_per_pair_with_each_text_once() {
        judged(judge, pair(PRODUCTION, REPHRASED, PARAPHRASE));
        assertThat(client.calls).containsExactly(List.of(PRODUCTION, PARAPHRASE, REPHRASED));
        judged(judge, pair(PRODUCTION, PARAPHRASE, PARAPHRASE));
        assertThat(client.calls.get(1)).containsExactly(PRODUCTION, PARAPHRASE);
    }

    @Test
    void a_negative_cosine_counts_as_no_agreement() {
        Judgement judgement = judged(judge, pair(PRODUCTION, PRODUCTION, UNRELATED));
        assertThat(judgement.candidateScore()).isZero();
        assertThat(judgement.baselineScore()).isEqualTo(1.0);
        assertThat(judgement.delta()).isEqualTo(-1.0);
    }

    @Test
    void identical_and_blank_texts_need_no_embedding() {
        assertThat(judged(judge, pair(PRODUCTION, PRODUCTION, PRODUCTION)).delta()).isZero();
        Judgement blank = judged(judge, pair(PRODUCTION, PRODUCTION, "  "));
        assertThat(blank.candidateScore()).isZero();
        assertThat(blank.delta()).isEqualTo(-1.0);
        assertThat(client.calls).isEmpty();
    }

    @Test
    void without_control_the_agreement_is_kept_but_there_is_no_delta() {
        Judgement judgement = judged(judge, pair(PRODUCTION, null, PARAPHRASE));
        assertThat(judgement.delta()).isNull();
        assertThat(judgement.candidateScore()).isCloseTo(0.8, within(1e-6));
        assertThat(judgement.explanation()).contains("no self-replay control");
    }

    @Test
    void a_failing_embedding_model_gives_no_delta_and_says_why() {
        Judgement judgement = judged(judge, pair(PRODUCTION, PRODUCTION, "a text the model cannot embed"));
        assertThat(judgement.delta()).isNull();
        assertThat(judgement.explanation()).contains("embedding model failed", "no vector for");
    }

    @Test
    void tokens_an_endpoint_charged_are_priced_at_the_catalog_price() {
        FixedEmbeddings charging = new FixedEmbeddings(VECTORS, new Usage(30_000L, null, null, null, null));
        PriceCatalog prices = PriceCatalog.defaults().with(ModelPrice.of("text-embedding-3-small", "openai", 0.02, 0));
        Judgement judgement = judged(new EmbeddingJudge(() -> charging, prices), pair(PRODUCTION, REPHRASED, PARAPHRASE));
        assertThat(judgement.cost().source()).isEqualTo(CostSource.LOCAL);
        assertThat(judgement.cost().amount()).isCloseTo(30_000 * 0.02 / 1e6, within(1e-12));
        assertThat(judgement.delta()).isCloseTo(0.2, within(1e-6));
        // a model the catalog does not know is priced as unknown, with the reason, never as zero
        Judgement unpriced = judged(new EmbeddingJudge(() -> charging, PriceCatalog.defaults()),
                pair(PRODUCTION, REPHRASED, PARAPHRASE));
        assertThat(unpriced.cost().source()).isEqualTo(CostSource.UNKNOWN);
        assertThat(unpriced.cost().note()).contains("text-embedding-3-small");
    }

    @Test
    void cosine_of_unnormalised_vectors() {
        assertThat(EmbeddingJudge.cosine(new float[] {3, 0}, new float[] {2, 2})).isCloseTo(Math.sqrt(0.5), within(1e-9));
        assertThat(EmbeddingJudge.cosine(new float[] {0, 0}, new float[] {1, 0})).isZero();
    }
}
