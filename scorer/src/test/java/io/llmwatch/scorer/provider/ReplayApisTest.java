package io.llmwatch.scorer.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.json.Json;
import io.llmwatch.sim.LoggedRequest;
import io.llmwatch.sim.SimulatedModel;
import io.llmwatch.sim.SimulatedProvider;
import io.llmwatch.wire.ChatTranslation;
import io.llmwatch.wire.ProviderApi;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A call recorded through the Responses or Messages API is replayed through that API, against real
 * HTTP servers on 127.0.0.1 (the simulated provider answers all three APIs); a candidate whose
 * provider does not serve it gets the request translated to chat completions when nothing is lost,
 * else a result that says why.
 */
class ReplayApisTest {

    private static final String KEY = "sk-simulated-apis-key";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String RESPONSES_CALL = """
            {"model": "gpt-5-mini", "instructions": "You label support tickets: billing, bug or other.",
             "input": [{"role": "user", "content": [{"type": "input_text", "text": "I was charged twice."}]}],
             "max_output_tokens": 50000, "temperature": 0.2, "stream": true}""";
    private static final String MESSAGES_CALL = """
            {"model": "claude-haiku-4-5", "max_tokens": 100,
             "system": [{"type": "text", "text": "You label support tickets: billing, bug or other."}],
             "messages": [{"role": "user", "content": "I was charged twice."}]}""";
    private static final String MESSAGES_CALL_WITH_IMAGE = """
            {"model": "claude-haiku-4-5", "max_tokens": 100,
             "messages": [{"role": "user", "content": [
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
                {"type": "text", "text": "What is in the picture?"}]}]}""";

    private static SimulatedProvider sim;

    @BeforeAll
    static void start() {
        sim = SimulatedProvider.builder().apiKey(KEY).model(SimulatedModel.of("gpt-5-mini", 0.9))
                .model(SimulatedModel.of("claude-haiku-4-5", 0.9)).model(SimulatedModel.of("llama-3-8b", 0.7)).start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void aResponsesCallIsReplayedThroughTheResponsesApiAndAnswersAsItsChatFormWould() {
        try (ProviderRegistry registry = registry(Map.of("openai", provider(List.of("gpt-5-*"),
                List.of("chat_completions", "responses"))))) {
            ChatResult replay = complete(registry.replay("gpt-5-mini", null, ProviderApi.RESPONSES), RESPONSES_CALL);
            LoggedRequest sent = sim.requests().last();
            ChatResult chat = complete(registry.chat("gpt-5-mini", null),
                    ChatTranslation.toChat(ProviderApi.RESPONSES, json(RESPONSES_CALL)).body().toString());

            assertThat(sent.path()).isEqualTo("/v1/responses");
            assertThat(sent.authorized()).as("Authorization: Bearer").isTrue();
            assertThat(replay.error()).isNull();
            assertThat(replay.finishReason()).isEqualTo("completed");
            assertThat(replay.usage().inputTokens()).isPositive();
            assertThat(replay.outputText()).isNotBlank().isEqualTo(chat.outputText());
        }
    }

    @Test
    void aMessagesCallIsReplayedThroughTheMessagesApiWithTheKeyAndVersionAnthropicWants() {
        try (ProviderRegistry registry = registry(Map.of("anthropic", provider(List.of("claude-*"),
                List.of("anthropic_messages"))))) {
            ChatResult replay = complete(registry.replay("claude-haiku-4-5", null, ProviderApi.ANTHROPIC_MESSAGES),
                    MESSAGES_CALL);
            LoggedRequest sent = sim.requests().last();

            assertThat(sent.path()).isEqualTo("/v1/messages");
            assertThat(sent.authorized()).as("x-api-key").isTrue();
            assertThat(sent.headers()).containsEntry("anthropic-version", ProviderApi.ANTHROPIC_VERSION)
                    .doesNotContainKey("x-api-key");
            assertThat(replay.error()).isNull();
            assertThat(replay.finishReason()).isEqualTo("end_turn");
            assertThat(replay.outputText()).isNotBlank();
        }
    }

    @Test
    void onAChatOnlyProviderATextMessagesCallIsTranslatedAndOneWithAnImageIsAnUnsupportedApiResult() {
        try (ProviderRegistry registry = registry(Map.of("groq", provider(List.of("llama-*"), null)))) {
            ChatClient client = registry.replay("llama-3-8b", null, ProviderApi.ANTHROPIC_MESSAGES);

            ChatResult translated = complete(client, MESSAGES_CALL);
            assertThat(sim.requests().last().path()).isEqualTo("/v1/chat/completions");
            assertThat(translated.error()).isNull();
            assertThat(translated.outputText()).isNotBlank();

            long before = sim.requests().count();
            ChatResult refused = complete(client, MESSAGES_CALL_WITH_IMAGE);
            assertThat(refused.error().type()).isEqualTo(ErrorTypes.UNSUPPORTED_API);
            assertThat(refused.error().message()).contains("anthropic.messages").contains("groq")
                    .contains("messages[0].content[0] (image)");
            assertThat(refused.attempts()).isZero();
            assertThat(sim.requests().count()).as("nothing sent").isEqualTo(before);
        }
    }

    @Test
    void onAMessagesOnlyProviderChatAndResponsesCallsAreTranslatedToMessages() {
        try (ProviderRegistry registry = registry(Map.of("anthropic", provider(List.of("claude-*"),
                List.of("anthropic_messages"))))) {
            ChatResult fromResponses = complete(registry.replay("claude-haiku-4-5", null, ProviderApi.RESPONSES),
                    RESPONSES_CALL);
            LoggedRequest sent = sim.requests().last();
            ChatResult fromChat = complete(registry.replay("claude-haiku-4-5", null, ProviderApi.CHAT_COMPLETIONS),
                    ChatTranslation.toChat(ProviderApi.RESPONSES, json(RESPONSES_CALL)).body().toString());

            assertThat(sent.path()).isEqualTo("/v1/messages");
            assertThat(sent.headers()).containsEntry("anthropic-version", ProviderApi.ANTHROPIC_VERSION);
            assertThat(sim.requests().last().path()).isEqualTo("/v1/messages");
            assertThat(fromResponses.error()).isNull();
            assertThat(fromResponses.outputText()).isNotBlank().isEqualTo(fromChat.outputText());
        }
    }

    @Test
    void onAResponsesOnlyProviderAMessagesCallIsAnUnsupportedApiResultNamingItsApis() {
        try (ProviderRegistry registry = registry(Map.of("openai", provider(List.of("gpt-5-*"), List.of("responses"))))) {
            ChatResult refused = complete(registry.replay("gpt-5-mini", null, ProviderApi.ANTHROPIC_MESSAGES), MESSAGES_CALL);

            assertThat(refused.error().type()).isEqualTo(ErrorTypes.UNSUPPORTED_API);
            assertThat(refused.error().message()).contains("anthropic.messages").contains("[responses]")
                    .contains("no translation to the Responses API");
        }
    }

    @Test
    void aProviderEntryNamingAnUnknownApiIsInvalid() {
        assertThat(provider(List.of(), List.of("chat_completions", "completions")).validate("providers.x"))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("providers.x.apis");
                    assertThat(error.message()).contains("anthropic_messages").contains("completions");
                });
        assertThat(provider(List.of(), null).apis()).containsExactly("chat_completions");
    }

    private static ProviderConfig provider(List<String> models, List<String> apis) {
        return ProviderConfig.builder().baseUrl(sim.baseUrl()).apiKeyEnv("SIM_KEY").maxConcurrency(4).timeoutMs(5_000L)
                .models(models).apis(apis).build();
    }

    private static ProviderRegistry registry(Map<String, ProviderConfig> providers) {
        return ProviderRegistry.builder(LlmwatchConfig.empty().withProviders(providers))
                .env(Map.of("SIM_KEY", KEY)::get).meters(new SimpleMeterRegistry()).build();
    }

    private static ChatResult complete(ChatClient client, String request) {
        JsonNode body = json(request);
        CompletableFuture<ChatResult> call = client.complete(body.path("model").asText(), body);
        assertThat(call).succeedsWithin(PATIENCE);
        return call.join();
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
