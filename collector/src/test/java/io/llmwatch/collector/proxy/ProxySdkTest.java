package io.llmwatch.collector.proxy;

import static io.llmwatch.collector.proxy.ProxyFixture.newTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmwatch.collector.NodeScript;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.redact.RedactionConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI SDKs pointed at the proxy, as a user would adopt it: only the base URL and
 * llmwatch's headers change. The upstream is the OpenAI-compatible test server.
 */
class ProxySdkTest {

    /** The version whose requests are described in the shared notes; pinned for repeatable runs. */
    static final String NODE_SDK = "openai@6.49.0";
    /** The SDKs wait 0.375 to 0.5 s before their first retry, 0.75 to 1 s before the second. */
    private static final Duration SDK_RETRY_GRACE = Duration.ofSeconds(2);
    private static final String CALLER_KEY = "sk-sdk-caller-key-0000000000000000";

    private static ProxyFixture fixture;
    private static OpenAiUpstream upstream;

    @BeforeAll
    static void start() throws IOException {
        fixture = new ProxyFixture(RedactionConfig.NONE, SDK_RETRY_GRACE);
        upstream = fixture.upstream;
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
    }

    private static OpenAIClient javaClient(String task) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(fixture.proxyBase("open"))
                .apiKey(CALLER_KEY)
                .putHeader(ApiKeyFilter.KEY_HEADER, ProxyFixture.COLLECTOR_KEY)
                .putHeader("X-LLMWatch-App", "support")
                .putHeader("X-LLMWatch-Task", task)
                .maxRetries(2)
                .build();
    }

    private static ChatCompletionCreateParams.Builder params() {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4.1-mini")
                .addSystemMessage("Be brief.")
                .addUserMessage("Summarize: printer on fire")
                .maxCompletionTokens(64);
    }

    @Test
    void javaSdkNonStreaming() throws Exception {
        String task = newTask("java-sdk");
        OpenAIClient client = javaClient(task);
        try {
            String seen;
            try (HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse()
                    .create(params().build())) {
                seen = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            }
            ChatCompletion completion = ObjectMappers.jsonMapper().readValue(seen, ChatCompletion.class);

            // The upstream gzipped its answer (OkHttp accepts gzip); the client saw it unchanged.
            assertThat(upstream.last().header("Accept-Encoding")).isEqualTo("gzip");
            assertThat(seen).isEqualTo(OpenAiUpstream.completion(upstream.last().json()).toString());
            assertThat(completion.choices().get(0).message().content()).hasValue(OpenAiUpstream.TEXT);
            assertThat(upstream.last().header("Authorization")).isEqualTo("Bearer " + CALLER_KEY);
            assertThat(upstream.last().header("X-Stainless-Retry-Count")).isEqualTo("0");

            LlmCall call = fixture.awaitCall(task);
            assertThat(call.request()).isEqualTo(upstream.last().json());
            assertThat(call.outputText()).isEqualTo(OpenAiUpstream.TEXT);
            assertThat(call.usage()).isEqualTo(new Usage(12L, 7L, 4L, null, 2L));
            assertThat(call.latencyMs()).isPositive();
            assertThat(PriceCatalog.defaults().cost(call).amount()).isEqualTo(
                    PriceCatalog.defaults().cost("gpt-4.1-mini", call.usage()).amount()).isPositive();
        } finally {
            client.close();
        }
    }

    @Test
    void javaSdkStreamingWithUsage() {
        String task = newTask("java-sdk-stream");
        OpenAIClient client = javaClient(task);
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = stream.stream().toList();
        } finally {
            client.close();
        }

        String text = chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
        assertThat(text).isEqualTo(OpenAiUpstream.TEXT);
        // Every chunk the upstream sent, the usage chunk included: this caller asked for it.
        assertThat(chunks).hasSize(OpenAiUpstream.events(upstream.last().json()).size() - 1);
        assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying(
                usage -> assertThat(usage.promptTokens()).isEqualTo(OpenAiUpstream.PROMPT_TOKENS));

        LlmCall call = fixture.awaitCall(task);
        assertThat(call.outputText()).isEqualTo(OpenAiUpstream.TEXT);
        assertThat(call.usage()).isEqualTo(new Usage(12L, 7L, 4L, null, 2L));
        assertThat(call.timeToFirstTokenMs()).isPositive().isLessThanOrEqualTo(call.latencyMs());
        assertThat(call.attributes()).containsEntry("stream", "true");
    }

    @Test
    void javaSdkRetryAfterA500IsOneLogicalCall() {
        String task = newTask("java-sdk-retry");
        upstream.then(upstream.error(500, "server_error", "The server had an error", Map.of()));
        OpenAIClient client = javaClient(task);
        try {
            ChatCompletion completion = client.chat().completions().create(params().build());
            assertThat(completion.choices().get(0).message().content()).hasValue(OpenAiUpstream.TEXT);
        } finally {
            client.close();
        }

        assertThat(upstream.received()).extracting(r -> r.header("X-Stainless-Retry-Count")).containsExactly("0", "1");
        LlmCall call = fixture.awaitCall(task);
        assertThat(call.error()).isNull();
        assertThat(call.attributes()).containsEntry("retry_attempt", "1").containsEntry("failed_attempts", "1");
        OpenAiUpstream.sleep(fixture.retryGrace.multipliedBy(2));
        String later = newTask("java-sdk-after-retry");
        javaCall(later);
        fixture.awaitCall(later);
        fixture.allCalls();
        assertThat(fixture.recorded(task)).hasSize(1);
    }

    private static void javaCall(String task) {
        OpenAIClient client = javaClient(task);
        try {
            client.chat().completions().create(params().build());
        } finally {
            client.close();
        }
    }

    @Test
    void nodeSdkNonStreamingAndStreaming() throws Exception {
        NodeScript node = NodeScript.with("node-openai-fixture", "OpenAI Node SDK", NODE_SDK);
        String source = """
                import OpenAI from 'openai';
                const client = new OpenAI({
                  baseURL: process.env.PROXY_BASE,
                  apiKey: process.env.CALLER_KEY,
                  defaultHeaders: {'X-LLMWatch-Key': process.env.LLMWATCH_KEY, 'X-LLMWatch-App': 'support'},
                });
                const messages = [{role: 'system', content: 'Be brief.'}, {role: 'user', content: 'Summarize: printer on fire'}];
                const completion = await client.chat.completions.create(
                  {model: 'gpt-4.1-mini', messages, max_completion_tokens: 64},
                  {headers: {'X-LLMWatch-Task': process.env.TASK}});
                const stream = await client.chat.completions.create(
                  {model: 'gpt-4.1-mini', messages, stream: true},
                  {headers: {'X-LLMWatch-Task': process.env.STREAM_TASK}});
                const chunks = [];
                for await (const chunk of stream) chunks.push(chunk);
                console.log(JSON.stringify({completion, chunks}));
                """;
        String task = newTask("node-sdk");
        String streamTask = newTask("node-sdk-stream");

        NodeScript.Result result = node.run("through-proxy.mjs", source, Map.of("PROXY_BASE", fixture.proxyBase("open"),
                "CALLER_KEY", CALLER_KEY, "LLMWATCH_KEY", ProxyFixture.COLLECTOR_KEY, "TASK", task, "STREAM_TASK", streamTask));
        assertThat(result.exit()).as(result.output()).isZero();
        JsonNode seen = Json.mapper().readTree(result.stdout());
        List<OpenAiUpstream.Received> requests = upstream.received();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).header("User-Agent")).startsWith("OpenAI/JS");
        assertThat(requests.get(0).header("Authorization")).isEqualTo("Bearer " + CALLER_KEY);
        // The response the client saw is the upstream's, byte for byte once parsed (it came gzipped).
        assertThat(seen.get("completion").toString()).isEqualTo(OpenAiUpstream.completion(requests.get(0).json()).toString());
        List<String> expectedChunks = new ArrayList<>();
        for (String event : OpenAiUpstream.events(requests.get(1).json())) {
            String data = event.substring("data: ".length()).trim();
            if (!data.equals("[DONE]") && !data.contains("\"choices\":[]")) {
                expectedChunks.add(data);
            }
        }
        List<String> seenChunks = new ArrayList<>();
        seen.get("chunks").forEach(chunk -> seenChunks.add(chunk.toString()));
        assertThat(seenChunks).isEqualTo(expectedChunks);

        LlmCall plain = fixture.awaitCall(task);
        assertThat(plain.outputText()).isEqualTo(OpenAiUpstream.TEXT);
        assertThat(plain.usage()).isEqualTo(new Usage(12L, 7L, 4L, null, 2L));
        assertThat(plain.latencyMs()).isPositive();
        LlmCall streamed = fixture.awaitCall(streamTask);
        assertThat(streamed.outputText()).isEqualTo(OpenAiUpstream.TEXT);
        assertThat(streamed.usage()).isEqualTo(new Usage(12L, 7L, 4L, null, 2L));
        assertThat(streamed.timeToFirstTokenMs()).isPositive();
        assertThat(PriceCatalog.defaults().cost(streamed).amount()).isPositive();
    }
}
