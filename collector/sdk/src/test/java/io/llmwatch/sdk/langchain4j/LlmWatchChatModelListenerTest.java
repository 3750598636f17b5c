package io.llmwatch.sdk.langchain4j;

import static io.llmwatch.sdk.LocalOpenAiServer.ANSWER;
import static io.llmwatch.sdk.LocalOpenAiServer.DELAY_MS;
import static io.llmwatch.sdk.LocalOpenAiServer.FAILING_MODEL;
import static io.llmwatch.sdk.LocalOpenAiServer.MODEL;
import static io.llmwatch.sdk.LocalOpenAiServer.RESPONSE_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.FinishReason;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.sdk.CallLabels;
import io.llmwatch.sdk.LlmWatch;
import io.llmwatch.sdk.LocalOpenAiServer;
import io.llmwatch.sdk.RecordedCalls;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LangChain4j listener driven by LangChain4j's own objects, and by a real chat model over HTTP. */
class LlmWatchChatModelListenerTest {

    private static EmbeddedKafka kafka;
    private static LocalOpenAiServer upstream;

    private String app;
    private LlmWatch watch;
    private LlmWatchChatModelListener listener;

    @BeforeAll
    static void start() throws IOException {
        kafka = EmbeddedKafka.start();
        upstream = new LocalOpenAiServer();
    }

    @AfterAll
    static void stop() {
        upstream.close();
        kafka.close();
    }

    @BeforeEach
    void newRecorder() {
        app = "langchain4j-" + UUID.randomUUID();
        watch = LlmWatch.builder().bootstrapServers(kafka.bootstrapServers()).app(app).build();
        listener = new LlmWatchChatModelListener(watch, CallLabels.task("summarize-ticket").withAttribute("tenant", "acme"));
    }

    @AfterEach
    void closeRecorder() {
        watch.close();
    }

    @Test
    void aResponseIsRecordedWithItsRequestOutputAndOpenAiUsage() throws InterruptedException {
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from("You summarize support tickets."),
                        UserMessage.from("Summarize: invoices lack VAT since Tuesday."),
                        AiMessage.from(List.of(ToolExecutionRequest.builder().id("call_1").name("lookup_ticket")
                                .arguments("{\"id\":42}").build())),
                        ToolExecutionResultMessage.from("call_1", "lookup_ticket", "{\"accounts\":3}"))
                .modelName(MODEL)
                .temperature(0.2)
                .maxOutputTokens(200)
                .toolSpecifications(ToolSpecification.builder().name("lookup_ticket").description("Finds a ticket")
                        .parameters(JsonObjectSchema.builder().addIntegerProperty("id").required("id").build()).build())
                .toolChoice(ToolChoice.AUTO)
                .build();
        Map<Object, Object> attributes = new HashMap<>();
        listener.onRequest(new ChatModelRequestContext(request, ModelProvider.OPEN_AI, attributes));
        Thread.sleep(20);
        ChatResponse response = ChatResponse.builder()
                .aiMessage(AiMessage.from(ANSWER))
                .modelName(RESPONSE_MODEL)
                .finishReason(FinishReason.STOP)
                .tokenUsage(OpenAiTokenUsage.builder().inputTokenCount(812).outputTokenCount(95)
                        .inputTokensDetails(OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(512).build())
                        .outputTokensDetails(OpenAiTokenUsage.OutputTokensDetails.builder().reasoningTokens(64).build())
                        .build())
                .build();
        listener.onResponse(new ChatModelResponseContext(response, request, ModelProvider.OPEN_AI, attributes));

        LlmCall call = recorded();
        assertThat(call.taskType()).isEqualTo("summarize-ticket");
        assertThat(call.attributes()).containsEntry("tenant", "acme");
        assertThat(call.provider()).isEqualTo("openai");
        assertThat(call.requestModel()).isEqualTo(MODEL);
        assertThat(call.responseModel()).isEqualTo(RESPONSE_MODEL);
        assertThat(call.outputText()).isEqualTo(ANSWER);
        assertThat(call.finishReason()).isEqualTo("stop");
        assertThat(call.usage()).isEqualTo(new Usage(812L, 95L, 512L, null, 64L));
        assertThat(call.latencyMs()).isGreaterThanOrEqualTo(20.0);
        assertThat(call.error()).isNull();

        JsonNode body = call.request();
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(200);
        assertThat(body.path("tool_choice").asText()).isEqualTo("auto");
        assertThat(body.path("messages")).hasSize(4);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(1).path("content").asText()).startsWith("Summarize");
        assertThat(body.path("messages").get(2).path("tool_calls").get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"id\":42}");
        assertThat(body.path("messages").get(3).path("role").asText()).isEqualTo("tool");
        assertThat(body.path("messages").get(3).path("tool_call_id").asText()).isEqualTo("call_1");
        JsonNode tool = body.path("tools").get(0);
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("function").path("name").asText()).isEqualTo("lookup_ticket");
        assertThat(tool.path("function").path("parameters").path("properties").path("id").path("type").asText())
                .isEqualTo("integer");
    }

    @Test
    void aToolCallWithAnthropicUsageCountsCacheTokensInsideTheInput() {
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from("Weather in Lyon?"))
                .modelName("claude-haiku-4-5").responseFormat(ResponseFormat.JSON).build();
        Map<Object, Object> attributes = new HashMap<>();
        listener.onRequest(new ChatModelRequestContext(request, ModelProvider.ANTHROPIC, attributes));
        ChatResponse response = ChatResponse.builder()
                .aiMessage(AiMessage.from(List.of(ToolExecutionRequest.builder().id("toolu_1").name("get_weather")
                        .arguments("{\"city\":\"Lyon\"}").build())))
                .finishReason(FinishReason.TOOL_EXECUTION)
                .tokenUsage(AnthropicTokenUsage.builder().inputTokenCount(100).outputTokenCount(20)
                        .cacheReadInputTokens(30).cacheCreationInputTokens(10).build())
                .build();
        listener.onResponse(new ChatModelResponseContext(response, request, ModelProvider.ANTHROPIC, attributes));

        LlmCall call = recorded();
        assertThat(call.provider()).isEqualTo("anthropic");
        assertThat(call.outputText()).isEqualTo("{\"city\":\"Lyon\"}");
        assertThat(call.finishReason()).isEqualTo("tool_calls");
        // Anthropic counts cache reads and writes on top of input_tokens; llmwatch counts them inside.
        assertThat(call.usage()).isEqualTo(new Usage(140L, 20L, 30L, 10L, null));
        assertThat(call.request().path("response_format").path("type").asText()).isEqualTo("json_object");
    }

    @Test
    void anErrorIsRecordedAsAFailedCall() {
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from("Hi")).modelName(MODEL).build();
        Map<Object, Object> attributes = new HashMap<>();
        listener.onRequest(new ChatModelRequestContext(request, ModelProvider.OPEN_AI, attributes));
        listener.onError(new ChatModelErrorContext(new HttpException(429, "Rate limit reached for gpt-4.1-mini"), request,
                ModelProvider.OPEN_AI, attributes));
        listener.onError(new ChatModelErrorContext(new IllegalStateException("connection reset"), request,
                ModelProvider.OPEN_AI, new HashMap<>()));

        assertThat(watch.flush(Duration.ofSeconds(60))).isTrue();
        List<LlmCall> calls = RecordedCalls.of(kafka.bootstrapServers(), app, 2);
        assertThat(calls).extracting(c -> c.error().type()).containsExactlyInAnyOrder("429",
                IllegalStateException.class.getName());
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.failed()).isTrue();
            assertThat(c.requestModel()).isEqualTo(MODEL);
            assertThat(c.usage()).isNull();
        });
    }

    @Test
    void aRealOpenAiChatModelIsRecordedThroughTheListener() {
        ChatModel model = OpenAiChatModel.builder().baseUrl(upstream.baseUrl()).apiKey("sk-test-not-a-key")
                .modelName(MODEL).temperature(0.2).maxRetries(0).listeners(List.of(listener)).build();

        String answer = model.chat("Summarize: invoices lack VAT since Tuesday.");

        assertThat(answer).isEqualTo(ANSWER);
        LlmCall call = recorded();
        assertThat(call.outputText()).isEqualTo(ANSWER);
        assertThat(call.responseModel()).isEqualTo(RESPONSE_MODEL);
        assertThat(call.usage()).isEqualTo(new Usage(812L, 95L, 512L, null, 64L));
        assertThat(call.latencyMs()).isGreaterThanOrEqualTo((double) DELAY_MS);
        assertThat(call.request().path("messages").get(0).path("content").asText()).startsWith("Summarize");
    }

    @Test
    void aRealOpenAiChatModelFailureIsRecordedAndStillThrown() {
        ChatModel model = OpenAiChatModel.builder().baseUrl(upstream.baseUrl()).apiKey("sk-test-not-a-key")
                .modelName(FAILING_MODEL).maxRetries(0).listeners(List.of(listener)).build();

        assertThatThrownBy(() -> model.chat("Hi")).isInstanceOf(RuntimeException.class);

        LlmCall call = recorded();
        assertThat(call.error().type()).isEqualTo("500");
        assertThat(call.requestModel()).isEqualTo(FAILING_MODEL);
    }

    private LlmCall recorded() {
        assertThat(watch.flush(Duration.ofSeconds(60))).isTrue();
        List<LlmCall> calls = RecordedCalls.of(kafka.bootstrapServers(), app, 1);
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }
}
