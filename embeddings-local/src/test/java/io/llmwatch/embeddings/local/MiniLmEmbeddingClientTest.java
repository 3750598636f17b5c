package io.llmwatch.embeddings.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.JudgeKind;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.Judgement;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.judge.JudgeInput;
import io.llmwatch.scorer.judge.Judges;
import io.llmwatch.scorer.judge.LocalEmbeddings;
import io.llmwatch.scorer.provider.Embeddings;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real all-MiniLM-L6-v2 model: loaded once for the class (a few seconds). */
class MiniLmEmbeddingClientTest {

    private static final String INVOICE = "The invoice was charged twice";
    private static final String PARAPHRASE = "I was billed two times";
    private static final String UNRELATED = "The weather is sunny in Lisbon";

    private static MiniLmEmbeddingClient client;

    @BeforeAll
    static void load() {
        client = new MiniLmEmbeddingClient();
        client.loaded().join();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
        }
        return dot;
    }

    @Test
    void paraphrases_score_well_above_unrelated_texts() {
        Embeddings embeddings = client.embed(List.of(INVOICE, PARAPHRASE, UNRELATED)).join();
        assertThat(embeddings.model()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(embeddings.usage()).isNull();
        List<float[]> v = embeddings.vectors();
        assertThat(v).hasSize(3).allSatisfy(vector -> assertThat(vector).hasSize(384));
        assertThat(cosine(v.get(0), v.get(0))).isCloseTo(1, within(1e-4));
        double paraphrase = cosine(v.get(0), v.get(1));
        double unrelated = cosine(v.get(0), v.get(2));
        assertThat(paraphrase).isGreaterThan(0.4);
        assertThat(paraphrase - unrelated).isGreaterThan(0.3);
    }

    @Test
    void vectors_come_back_in_the_order_of_the_texts() {
        List<float[]> together = client.embed(List.of(UNRELATED, INVOICE)).join().vectors();
        float[] alone = client.embed(List.of(INVOICE)).join().vectors().get(0);
        assertThat(cosine(together.get(1), alone)).isCloseTo(1, within(1e-4));
    }

    @Test
    void blank_texts_are_refused_and_no_texts_need_no_model() {
        assertThat(client.embed(List.of(INVOICE, " ")))
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .withMessageContaining("text 1 is blank");
        assertThat(client.embed(List.of()).join().vectors()).isEmpty();
    }

    @Test
    void the_judges_find_the_model_on_the_class_path_and_judge_with_it() {
        assertThat(LocalEmbeddings.find()).hasValueSatisfying(local -> assertThat(local.model()).isEqualTo("all-MiniLM-L6-v2"));
        try (Judges judges = Judges.from(LlmwatchConfig.empty(),
                name -> {
                    throw new AssertionError("no chat client expected");
                },
                (provider, model) -> {
                    throw new AssertionError("no embedding endpoint expected");
                },
                PriceCatalog.defaults())) {
            assertThat(judges.available(JudgeKind.EMBEDDING)).isTrue();
            // the incumbent's self-replay paraphrased itself; the candidate answered something else
            Judgement judgement = judges.forKind(JudgeKind.EMBEDDING)
                    .judge(new JudgeInput(null, INVOICE, PARAPHRASE, UNRELATED, null)).join();
            assertThat(judgement.delta()).isLessThan(-0.3);
            assertThat(judgement.baselineScore()).isGreaterThan(judgement.candidateScore());
            assertThat(judgement.cost()).isNull();
        }
    }

    @Test
    void a_closed_client_fails_instead_of_hanging() {
        // the model itself is loaded once per JVM (by load()); a client is its thread pool
        MiniLmEmbeddingClient closed = new MiniLmEmbeddingClient(1);
        closed.close();
        assertThat(closed.embed(List.of(INVOICE)))
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class);
    }
}
