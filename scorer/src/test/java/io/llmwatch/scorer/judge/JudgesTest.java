package io.llmwatch.scorer.judge;

import static io.llmwatch.scorer.judge.Inputs.judged;
import static io.llmwatch.scorer.judge.Inputs.pair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.config.JudgeConfig;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.Judgement;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.provider.ChatClient;
import io.llmwatch.scorer.provider.EmbeddingClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class JudgesTest {

    private static final Map<String, float[]> VECTORS = Map.of("a", new float[] {1, 0}, "b", new float[] {0.8f, 0.6f});

    private static final Function<String, ChatClient> NO_CHAT = name -> {
        throw new AssertionError("no chat client expected, asked for " + name);
    };
    private static final BiFunction<String, String, EmbeddingClient> NO_EMBEDDINGS = (provider, model) -> {
        throw new AssertionError("no embedding client expected, asked for " + provider);
    };

    /** A local model that counts how often it is opened and whether its client was closed. */
    static final class CountingLocalModel implements LocalEmbeddings {
        final AtomicInteger opened = new AtomicInteger();
        final List<ClosableClient> clients = new ArrayList<>();

        @Override
        public String model() {
            return "test-local";
        }

        @Override
        public synchronized EmbeddingClient open() {
            opened.incrementAndGet();
            ClosableClient client = new ClosableClient();
            clients.add(client);
            return client;
        }
    }

    static final class ClosableClient extends EmbeddingJudgeTest.FixedEmbeddings implements AutoCloseable {
        boolean closed;

        ClosableClient() {
            super(VECTORS, null);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static LlmwatchConfig config(String yaml) {
        return LlmwatchConfig.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void model_free_judges_are_always_there() {
        try (Judges judges = Judges.from(LlmwatchConfig.empty(), NO_CHAT, NO_EMBEDDINGS, PriceCatalog.defaults(),
                Optional::empty)) {
            assertThat(judges.forKind(JudgeKind.EXACT)).isInstanceOf(ExactJudge.class);
            assertThat(judges.forKind(JudgeKind.JSON)).isInstanceOf(JsonJudge.class);
            assertThat(judges.forKind(JudgeKind.REFERENCE)).isInstanceOf(ReferenceJudge.class);
            for (JudgeKind kind : List.of(JudgeKind.EXACT, JudgeKind.JSON, JudgeKind.REFERENCE)) {
                assertThat(judges.available(kind)).isTrue();
                assertThat(judges.forKind(kind).kind()).isEqualTo(kind);
            }
        }
    }

    @Test
    void without_a_model_the_model_backed_judges_answer_with_no_delta_and_say_what_to_configure() {
        try (Judges judges = Judges.from(LlmwatchConfig.empty(), NO_CHAT, NO_EMBEDDINGS, PriceCatalog.defaults(),
                Optional::empty)) {
            assertThat(judges.available(JudgeKind.EMBEDDING)).isFalse();
            assertThat(judges.unavailableReason(JudgeKind.EMBEDDING)).hasValueSatisfying(reason -> assertThat(reason)
                    .contains("judges.embedding.provider", "llmwatch-embeddings-local"));
            Judgement judgement = judged(judges.forKind(JudgeKind.EMBEDDING), pair("a", "a", "b"));
            assertThat(judgement.judge()).isEqualTo("embedding");
            assertThat(judgement.delta()).isNull();
            assertThat(judgement.explanation()).contains("llmwatch-embeddings-local");

            assertThat(judges.available(JudgeKind.LLM)).isFalse();
            assertThat(judged(judges.forKind(JudgeKind.LLM), pair("a", null, "b")).explanation())
                    .contains("judges.llm.provider");
        }
    }

    @Test
    void the_local_model_is_the_embedding_fallback_opened_on_first_use_and_closed_with_the_judges() {
        CountingLocalModel local = new CountingLocalModel();
        Judges judges = Judges.from(LlmwatchConfig.empty(), NO_CHAT, NO_EMBEDDINGS, PriceCatalog.defaults(),
                () -> Optional.of(local));
        assertThat(judges.available(JudgeKind.EMBEDDING)).isTrue();
        assertThat(local.opened).hasValue(0);
        Judge embedding = judges.forKind(JudgeKind.EMBEDDING);
        assertThat(judged(embedding, pair("a", "a", "b")).delta()).isCloseTo(-0.2, within(1e-6));
        judged(embedding, pair("a", "b", "b"));
        assertThat(local.opened).hasValue(1);
        judges.close();
        assertThat(local.clients.get(0).closed).isTrue();
    }

    @Test
    void configured_providers_are_resolved_by_name() {
        LlmwatchConfig config = config("""
                providers:
                  openai: {base_url: "http://127.0.0.1:1/v1", api_key_env: OPENAI_API_KEY}
                  local-vllm: {base_url: "http://127.0.0.1:2/v1"}
                judges:
                  llm: {provider: openai, model: gpt-4.1-mini, rubric: "Prefer the shorter answer."}
                  embedding: {provider: local-vllm, model: bge-small}
                """);
        List<String> asked = new ArrayList<>();
        LlmJudgeTest.ScriptedJudgeModel chat = new LlmJudgeTest.ScriptedJudgeModel(
                "{\"winner\":\"B\",\"confidence\":1}", "{\"winner\":\"A\",\"confidence\":1}");
        EmbeddingJudgeTest.FixedEmbeddings embeddings = new EmbeddingJudgeTest.FixedEmbeddings(VECTORS, null);
        CountingLocalModel local = new CountingLocalModel();
        try (Judges judges = Judges.from(config,
                name -> {
                    asked.add("chat:" + name);
                    return chat;
                },
                (provider, model) -> {
                    asked.add("embedding:" + provider + "/" + model);
                    return embeddings;
                },
                PriceCatalog.defaults(), () -> Optional.of(local))) {
            assertThat(asked).containsExactlyInAnyOrder("chat:openai", "embedding:local-vllm/bge-small");
            assertThat(judges.available(JudgeKind.LLM)).isTrue();
            assertThat(judges.unavailableReason(JudgeKind.LLM)).isEmpty();

            judged(judges.forKind(JudgeKind.EMBEDDING), pair("a", "a", "b"));
            assertThat(embeddings.calls).hasSize(1);
            // a configured provider wins over the local model
            assertThat(local.opened).hasValue(0);

            Judgement llm = judges.forKind(JudgeKind.LLM).judge(new JudgeInput(null,
                    LlmJudgeTest.PRODUCTION, null, "short", null)).join();
            assertThat(llm.judge()).isEqualTo("llm");
            assertThat(chat.models).containsOnly("gpt-4.1-mini");
            assertThat(chat.requests.get(0).path("messages").get(0).path("content").asText())
                    .contains("Prefer the shorter answer.");
        }
    }
}
