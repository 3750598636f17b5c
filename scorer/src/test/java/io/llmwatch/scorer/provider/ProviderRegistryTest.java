package io.llmwatch.scorer.provider;

import static io.llmwatch.scorer.provider.OpenAiChatClientTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.config.ProvidersAllow;
import io.llmwatch.json.Json;
import io.llmwatch.sim.Fault;
import io.llmwatch.sim.HashedEmbeddings;
import io.llmwatch.sim.SimulatedModel;
import io.llmwatch.sim.SimulatedProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

    private static final String KEY = "sk-simulated-registry-key";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static SimulatedProvider keyed;
    private static SimulatedProvider open;

    @BeforeAll
    static void start() {
        keyed = SimulatedProvider.builder().apiKey(KEY)
                .model(SimulatedModel.of("llama-3-8b", 0.7)).model(SimulatedModel.of("sim-embed", 1)).start();
        open = SimulatedProvider.builder().model(SimulatedModel.of("gpt-4.1-mini", 0.9))
                .model(SimulatedModel.of("llama-3-8b", 0.7)).start();
    }

    @AfterAll
    static void stop() {
        keyed.close();
        open.close();
    }

    @Test
    void aModelGoesToTheProviderServingItElseTheCallsOwnElseTheDefault() {
        LlmwatchConfig config = config(Map.of(
                "groq", ProviderConfig.builder().baseUrl(keyed.baseUrl()).apiKeyEnv("GROQ_KEY").maxConcurrency(4)
                        .timeoutMs(5_000L).models(List.of("llama-*")).build(),
                "openai", ProviderConfig.builder().baseUrl(open.baseUrl()).maxConcurrency(4).timeoutMs(5_000L)
                        .models(List.of()).build(),
                "default", ProviderConfig.builder().baseUrl(open.baseUrl()).maxConcurrency(4).timeoutMs(5_000L)
                        .models(List.of()).build()));
        try (ProviderRegistry registry = ProviderRegistry.builder(config).meters(new SimpleMeterRegistry()).build()) {
            assertThat(registry.resolve("llama-3-8b", "openai")).hasValue("groq");
            assertThat(registry.resolve("gpt-4.1-mini", "openai")).hasValue("openai");
            assertThat(registry.resolve("gpt-4.1-mini", "anthropic")).hasValue("default");
            assertThat(registry.resolve("gpt-4.1-mini", null)).hasValue("default");
        }
        try (ProviderRegistry registry = ProviderRegistry.builder(config(Map.of(
                "openai", ProviderConfig.builder().baseUrl(open.baseUrl()).maxConcurrency(4).timeoutMs(5_000L)
                        .models(List.of()).build()))).build()) {
            assertThat(registry.resolve("gpt-4.1-mini", "azure")).isEmpty();
            ChatResult result = complete(registry.chat("gpt-4.1-mini", "azure"), "gpt-4.1-mini");
            assertThat(result.error().type()).isEqualTo(ErrorTypes.NO_PROVIDER);
            assertThat(result.error().message()).contains("gpt-4.1-mini").contains("azure");
            assertThat(result.attempts()).isZero();
        }
    }

    @Test
    void theKeyComesFromTheNamedEnvironmentVariable() {
        LlmwatchConfig config = config(Map.of("groq", ProviderConfig.builder().baseUrl(keyed.baseUrl())
                .apiKeyEnv("GROQ_KEY").maxConcurrency(4).timeoutMs(5_000L).models(List.of("llama-*")).build()));
        try (ProviderRegistry withKey = ProviderRegistry.builder(config).env(Map.of("GROQ_KEY", KEY)::get).build();
             ProviderRegistry wrongKey = ProviderRegistry.builder(config).env(Map.of("GROQ_KEY", "sk-wrong")::get).build();
             ProviderRegistry noKey = ProviderRegistry.builder(config).env(name -> null).build()) {
            assertThat(complete(withKey.chat("llama-3-8b", null), "llama-3-8b").failed()).isFalse();
            assertThat(keyed.requests().last().authorized()).isTrue();

            ChatResult refused = complete(wrongKey.chat("llama-3-8b", null), "llama-3-8b");
            assertThat(refused.error().type()).isEqualTo(ErrorTypes.AUTH);
            assertThat(refused.attempts()).isEqualTo(1);
            assertThat(refused.error().message()).doesNotContain("sk-wrong");

            long before = keyed.requests().count();
            ChatResult missing = complete(noKey.chat("llama-3-8b", null), "llama-3-8b");
            assertThat(missing.error().type()).isEqualTo(ErrorTypes.MISSING_API_KEY);
            assertThat(missing.error().message()).contains("GROQ_KEY");
            assertThat(keyed.requests().count()).isEqualTo(before);
        }
    }

    @Test
    void aLiveControlEntryReplacesTheFilesProviderForTheCallsThatFollow() {
        Map<String, JsonNode> control = new HashMap<>();
        LlmwatchConfig config = config(Map.of("default", ProviderConfig.builder().baseUrl(open.baseUrl())
                .maxConcurrency(4).timeoutMs(5_000L).models(List.of()).build()))
                .withProvidersAllow(new ProvidersAllow(List.of(host(keyed), host(open)), List.of("GROQ_KEY")));
        try (ProviderRegistry registry = ProviderRegistry.builder(config).control(control::get)
                .env(Map.of("GROQ_KEY", KEY)::get).build()) {
            complete(registry.chat("llama-3-8b", null), "llama-3-8b");
            assertThat(open.requests().count("llama-3-8b")).isEqualTo(1);

            control.put("provider/default", Json.mapper().valueToTree(
                    ProviderConfig.builder().baseUrl(keyed.baseUrl()).apiKeyEnv("GROQ_KEY").maxConcurrency(2)
                            .timeoutMs(5_000L).models(List.of()).build()));
            assertThat(complete(registry.chat("llama-3-8b", null), "llama-3-8b").failed()).isFalse();
            assertThat(keyed.requests().count("llama-3-8b")).isEqualTo(1);
            assertThat(open.requests().count("llama-3-8b")).isEqualTo(1);

            control.put("provider/groq", Json.mapper().valueToTree(
                    ProviderConfig.builder().baseUrl(keyed.baseUrl()).apiKeyEnv("GROQ_KEY").maxConcurrency(2)
                            .timeoutMs(5_000L).models(List.of()).build()));
            assertThat(registry.resolve("anything", "groq")).as("a live-only provider, found by name").hasValue("groq");

            control.put("provider/default", Json.mapper().createObjectNode().put("base_url", 42).put("timeout_ms", -1));
            complete(registry.chat("llama-3-8b", null), "llama-3-8b");
            assertThat(open.requests().count("llama-3-8b")).as("an invalid live entry falls back to the file").isEqualTo(2);
        }
    }

    @Test
    void aLiveEntryOutsideTheAllowListFallsBackToTheFileAndSendsNoKey() {
        Map<String, JsonNode> control = new HashMap<>();
        // The file allows the keyed provider's host and key variable only (derived from providers).
        LlmwatchConfig config = config(Map.of("groq", ProviderConfig.builder().baseUrl(keyed.baseUrl())
                .apiKeyEnv("GROQ_KEY").maxConcurrency(4).timeoutMs(5_000L).models(List.of("llama-*")).build()));
        Map<String, String> env = Map.of("GROQ_KEY", KEY, "LLMWATCH_API_KEYS", "lw_own_ingest_key", "AWS_SECRET", "x");
        try (ProviderRegistry registry = ProviderRegistry.builder(config).control(control::get).env(env::get).build()) {
            long openBefore = open.requests().count();
            long keyedBefore = keyed.requests().count("llama-3-8b");
            for (ProviderConfig evil : List.of(
                    ProviderConfig.builder().baseUrl(open.baseUrl()).apiKeyEnv("GROQ_KEY").maxConcurrency(4)
                            .timeoutMs(5_000L).models(List.of("llama-*")).build(),
                    ProviderConfig.builder().baseUrl(keyed.baseUrl()).apiKeyEnv("LLMWATCH_API_KEYS").maxConcurrency(4)
                            .timeoutMs(5_000L).models(List.of("llama-*")).build(),
                    ProviderConfig.builder().baseUrl(keyed.baseUrl()).apiKeyEnv("AWS_SECRET").maxConcurrency(4)
                            .timeoutMs(5_000L).models(List.of("llama-*")).build())) {
                control.put("provider/groq", Json.mapper().valueToTree(evil));
                assertThat(complete(registry.chat("llama-3-8b", null), "llama-3-8b").failed()).isFalse();
            }

            assertThat(open.requests().count()).as("nothing sent to a host outside the allow-list").isEqualTo(openBefore);
            assertThat(keyed.requests().count("llama-3-8b")).as("the file's provider served instead")
                    .isEqualTo(keyedBefore + 3);
            assertThat(keyed.requests().last().authorized()).isTrue();
        }
    }

    private static String host(SimulatedProvider provider) {
        return "127.0.0.1:" + provider.port();
    }

    @Test
    void embeddingsComeInOrderAndAFailureCompletesExceptionally() {
        LlmwatchConfig config = config(Map.of("groq", ProviderConfig.builder().baseUrl(keyed.baseUrl())
                .apiKeyEnv("GROQ_KEY").maxConcurrency(4).timeoutMs(5_000L).models(List.of()).build()));
        try (ProviderRegistry registry = ProviderRegistry.builder(config).env(Map.of("GROQ_KEY", KEY)::get)
                .retry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(1))).build()) {
            EmbeddingClient client = registry.embeddingsAt("groq", "sim-embed").orElseThrow();
            List<String> texts = List.of("The export fails for accounts with several workspaces.", "Sunny in Oslo.");
            CompletableFuture<Embeddings> embedded = client.embed(texts);
            assertThat(embedded).succeedsWithin(PATIENCE);
            Embeddings result = embedded.join();
            assertThat(result.model()).isEqualTo("sim-embed");
            assertThat(result.usage().inputTokens()).isPositive();
            assertThat(result.vectors()).hasSize(2);
            assertThat(result.vectors().get(1)).containsExactly(HashedEmbeddings.embed(texts.get(1)));

            keyed.faults().next("sim-embed", 1, Fault.malformed());
            assertThat(client.embed(texts)).failsWithin(PATIENCE).withThrowableThat()
                    .havingRootCause().isInstanceOf(EmbeddingException.class)
                    .withMessageStartingWith(ErrorTypes.INVALID_RESPONSE);
            assertThat(registry.embeddingsAt("nowhere", "sim-embed")).isEmpty();
        }
    }

    private static LlmwatchConfig config(Map<String, ProviderConfig> providers) {
        return LlmwatchConfig.empty().withProviders(providers);
    }

    private static ChatResult complete(ChatClient client, String model) {
        CompletableFuture<ChatResult> call = client.complete(model, request(1));
        assertThat(call).succeedsWithin(PATIENCE);
        return call.join();
    }
}
