package io.llmwatch.sdk.openai;

import static io.llmwatch.sdk.LocalOpenAiServer.ANSWER;
import static io.llmwatch.sdk.LocalOpenAiServer.DELAY_MS;
import static io.llmwatch.sdk.LocalOpenAiServer.FAILING_MODEL;
import static io.llmwatch.sdk.LocalOpenAiServer.MODEL;
import static io.llmwatch.sdk.LocalOpenAiServer.RESPONSE_MODEL;
import static io.llmwatch.sdk.LocalOpenAiServer.TOOL_ARGUMENTS;
import static io.llmwatch.sdk.LocalOpenAiServer.TOOL_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.sdk.CallLabels;
import io.llmwatch.sdk.LlmWatch;
import io.llmwatch.sdk.LocalOpenAiServer;
import io.llmwatch.sdk.RecordedCalls;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK against a local OpenAI-compatible server, recorded through the wrapper. */
class RecordingChatCompletionsTest {

    private static final Usage EXPECTED_USAGE = new Usage(812L, 95L, 512L, null, 64L);

    private static EmbeddedKafka kafka;
    private static LocalOpenAiServer upstream;
    private static OpenAIClient client;

    private String app;
    private LlmWatch watch;
    private RecordingChatCompletions completions;

    @BeforeAll
    static void start() throws IOException {
        kafka = EmbeddedKafka.start();
        upstream = new LocalOpenAiServer();
        client = OpenAIOkHttpClient.builder().baseUrl(upstream.baseUrl()).apiKey("sk-test-not-a-key").build();
    }

    @AfterAll
    static void stop() {
        client.close();
        upstream.close();
        kafka.close();
    }

    @BeforeEach
    void newRecorder() {
        app = "openai-" + UUID.randomUUID();
        watch = LlmWatch.builder().bootstrapServers(kafka.bootstrapServers()).app(app).build();
        completions = LlmWatchOpenAi.completions(client, watch, "summarize-ticket");
    }

    @AfterEach
    void closeRecorder() {
        watch.close();
    }

    @Test
    void aCompletionReachesTheCallerUnchangedAndIsRecorded() throws IOException {
        ChatCompletionCreateParams params = params(MODEL);
        ChatCompletion completion = completions.create(params);

        assertThat(json(completion)).isEqualTo(Json.mapper().readTree(lastResponse()));
        LlmCall call = recorded();
        assertThat(call.taskType()).isEqualTo("summarize-ticket");
        assertThat(call.provider()).isEqualTo("openai");
        assertThat(call.requestModel()).isEqualTo(MODEL);
        assertThat(call.responseModel()).isEqualTo(RESPONSE_MODEL);
        assertThat(call.outputText()).isEqualTo(ANSWER);
        assertThat(call.finishReason()).isEqualTo("stop");
        assertThat(call.usage()).isEqualTo(EXPECTED_USAGE);
        assertThat(call.latencyMs()).isGreaterThanOrEqualTo((double) DELAY_MS);
        assertThat(call.timeToFirstTokenMs()).isNull();
        assertThat(call.error()).isNull();
        assertThat(call.request()).isEqualTo(lastRequest());
        assertThat(call.request().path("messages").get(1).path("content").asText()).startsWith("Summarize");
        assertThat(call.request().path("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void aToolCallIsRecordedWithItsArguments() {
        ChatCompletion completion = completions.withTaskType("weather-tool").create(params(TOOL_MODEL));

        assertThat(completion.choices().get(0).message().toolCalls().orElseThrow()).hasSize(1);
        LlmCall call = recorded();
        assertThat(call.taskType()).isEqualTo("weather-tool");
        assertThat(call.outputText()).isEqualTo(TOOL_ARGUMENTS);
        assertThat(call.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void aStreamAskedForUsageOnTheCallersBehalfHidesTheUsageChunk() throws IOException {
        List<ChatCompletionChunk> seen;
        try (StreamResponse<ChatCompletionChunk> stream = completions.createStreaming(params(MODEL))) {
            seen = stream.stream().toList();
        }

        assertThat(lastRequest().path("stream_options").path("include_usage").asBoolean()).isTrue();
        List<JsonNode> sent = sentChunks();
        assertThat(sent).hasSize(6);
        // The caller did not ask for usage: it sees every chunk but the usage-only one, unchanged.
        assertThat(seen.stream().map(RecordingChatCompletionsTest::json).toList()).isEqualTo(sent.subList(0, 5));
        assertStreamRecorded(recorded());
    }

    @Test
    void aStreamThatAskedForUsageItselfSeesEveryChunk() throws IOException {
        ChatCompletionCreateParams params = params(MODEL).toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        List<ChatCompletionChunk> seen;
        try (StreamResponse<ChatCompletionChunk> stream = completions.createStreaming(params)) {
            seen = stream.stream().toList();
        }

        assertThat(seen.stream().map(RecordingChatCompletionsTest::json).toList()).isEqualTo(sentChunks());
        assertThat(seen.get(seen.size() - 1).choices()).isEmpty();
        assertStreamRecorded(recorded());
    }

    @Test
    void aStreamWithoutUsageWhenTheRecorderMayNotAskForIt() {
        try (StreamResponse<ChatCompletionChunk> stream = completions.withIncludeUsage(false).createStreaming(params(MODEL))) {
            assertThat(stream.stream().count()).isEqualTo(5);
        }
        assertThat(lastRequest().has("stream_options")).isFalse();
        LlmCall call = recorded();
        assertThat(call.outputText()).isEqualTo(ANSWER);
        assertThat(call.usage()).isNull();
    }

    @Test
    void anUpstreamErrorReachesTheCallerAndIsRecordedAsOneFailedCall() {
        int before = upstream.requests().size();

        assertThatThrownBy(() -> completions.withLabels(CallLabels.task("summarize-ticket").withAttribute("tenant", "acme"))
                .create(params(FAILING_MODEL)))
                .isInstanceOf(InternalServerException.class)
                .satisfies(e -> assertThat(((InternalServerException) e).statusCode()).isEqualTo(500));

        // The SDK retried (three requests in all): still one logical call.
        assertThat(upstream.requests().size() - before).isEqualTo(3);
        LlmCall call = recorded();
        assertThat(call.failed()).isTrue();
        assertThat(call.error().type()).isEqualTo("500");
        assertThat(call.error().message()).contains("server had an error");
        assertThat(call.requestModel()).isEqualTo(FAILING_MODEL);
        assertThat(call.attributes()).containsEntry("tenant", "acme");
        assertThat(call.usage()).isNull();
        assertThat(watch.metrics().recorded()).isEqualTo(1);
    }

    private void assertStreamRecorded(LlmCall call) {
        assertThat(call.outputText()).isEqualTo(ANSWER);
        assertThat(call.finishReason()).isEqualTo("stop");
        assertThat(call.usage()).isEqualTo(EXPECTED_USAGE);
        assertThat(call.responseModel()).isEqualTo(RESPONSE_MODEL);
        assertThat(call.timeToFirstTokenMs()).isGreaterThanOrEqualTo((double) DELAY_MS);
        assertThat(call.latencyMs()).isGreaterThanOrEqualTo(call.timeToFirstTokenMs());
        assertThat(call.request().path("stream").asBoolean()).isTrue();
        assertThat(call.error()).isNull();
    }

    private static ChatCompletionCreateParams params(String model) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addSystemMessage("You summarize support tickets in one sentence.")
                .addUserMessage("Summarize: invoices exported as PDF since Tuesday show totals without VAT.")
                .temperature(0.2)
                .maxCompletionTokens(200)
                .build();
    }

    private LlmCall recorded() {
        assertThat(watch.flush(Duration.ofSeconds(60))).isTrue();
        List<LlmCall> calls = RecordedCalls.of(kafka.bootstrapServers(), app, 1);
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    private static JsonNode lastRequest() {
        List<JsonNode> requests = upstream.requests();
        return requests.get(requests.size() - 1);
    }

    private static String lastResponse() {
        List<String> responses = upstream.responses();
        return responses.get(responses.size() - 1);
    }

    /** The SSE events of the last stream, oldest first. */
    private static List<JsonNode> sentChunks() throws IOException {
        List<String> responses = upstream.responses();
        List<JsonNode> chunks = new ArrayList<>();
        for (int i = responses.size() - 1; i >= 0; i--) {
            JsonNode event = Json.mapper().readTree(responses.get(i));
            if (!event.path("object").asText().equals("chat.completion.chunk")) {
                break;
            }
            chunks.add(0, event);
            if (event.path("choices").path(0).path("delta").has("role")) {
                break;
            }
        }
        return chunks;
    }

    /** What the caller saw, as JSON text parsed again: numbers compare by value, not by Java type. */
    private static JsonNode json(Object sdkModel) {
        try {
            return Json.mapper().readTree(ObjectMappers.jsonMapper().writeValueAsString(sdkModel));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
