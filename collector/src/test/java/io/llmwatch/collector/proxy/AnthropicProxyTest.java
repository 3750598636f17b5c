package io.llmwatch.collector.proxy;

import static io.llmwatch.collector.proxy.ProxyFixture.newTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.collector.NodeScript;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.redact.RedactionConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recording proxy in front of the Anthropic Messages API ({@code /proxy/<provider>/v1/messages}):
 * raw HTTP and the official Node SDK, against {@link AnthropicUpstream} on 127.0.0.1.
 */
class AnthropicProxyTest {

    static final String NODE_SDK = "@anthropic-ai/sdk@1.17.0";
    private static final String CALLER_KEY = "sk-ant-caller-key-000000000000000000";
    /** Cache reads and writes at their own rates: (20 × 1.00 + 1000 × 0.10 + 200 × 1.25 + 50 × 5.00) / 1e6. */
    private static final double HAIKU_COST = 0.00062;
    private static final Usage USAGE = new Usage(AnthropicUpstream.INPUT + AnthropicUpstream.CACHE_READ
            + AnthropicUpstream.CACHE_CREATION, AnthropicUpstream.OUTPUT, AnthropicUpstream.CACHE_READ,
            AnthropicUpstream.CACHE_CREATION, null);

    private static LocalUpstream anthropic;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() throws IOException {
        anthropic = AnthropicUpstream.start();
        fixture = new ProxyFixture(RedactionConfig.NONE, ProxyFixture.SHORT_RETRY_GRACE, Map.of(
                "claude", ProxyFixture.provider(anthropic.baseUrl(), ProxyFixture.PROVIDER_KEY_ENV, 10_000),
                "claude-open", ProxyFixture.provider(anthropic.baseUrl(), null, 10_000)));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (anthropic != null) {
            anthropic.close();
        }
    }

    @Test
    void aMessageIsPassedOnAndRecordedWithCacheUsagePricedByTheCatalog() throws IOException {
        String task = newTask("anthropic");

        HttpResponse<String> response = fixture.send(messages("claude", task, body("claude-haiku-4-5", false)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(response.body()).toString()).isEqualTo(AnthropicUpstream.message().toString());
        OpenAiUpstream.Received upstream = anthropic.last();
        assertThat(upstream.header("x-api-key")).as("the provider's key replaces the caller's").isEqualTo(ProxyFixture.PROVIDER_KEY);
        assertThat(upstream.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(upstream.header(ApiKeyFilter.KEY_HEADER)).isNull();
        LlmCall call = fixture.awaitCall(task);
        assertThat(call.provider()).isEqualTo("claude");
        assertThat(call.requestModel()).isEqualTo("claude-haiku-4-5");
        assertThat(call.responseModel()).isEqualTo(AnthropicUpstream.MODEL);
        assertThat(call.outputText()).isEqualTo(AnthropicUpstream.TEXT);
        assertThat(call.finishReason()).isEqualTo("end_turn");
        assertThat(call.usage()).isEqualTo(USAGE);
        assertThat(call.request().path("max_tokens").asInt()).isEqualTo(64);
        assertThat(PriceCatalog.defaults().cost(call).amount()).isCloseTo(HAIKU_COST, within(1e-12));
    }

    @Test
    void aStreamIsRelayedEventByEventAndRecordedAsTheSameAnswer() throws IOException {
        String task = newTask("anthropic-stream");

        HttpResponse<String> response = fixture.send(messages("claude", task, body("claude-haiku-4-5", true)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(response.body()).isEqualTo(String.join("", AnthropicUpstream.events()));
        LlmCall call = fixture.awaitCall(task);
        assertThat(call.outputText()).isEqualTo(AnthropicUpstream.TEXT);
        assertThat(call.finishReason()).isEqualTo("end_turn");
        assertThat(call.usage()).isEqualTo(USAGE);
        assertThat(call.timeToFirstTokenMs()).isPositive();
        assertThat(call.attributes()).containsEntry(CallFactory.STREAM, "true");
        assertThat(PriceCatalog.defaults().cost(call).amount()).isCloseTo(HAIKU_COST, within(1e-12));
    }

    @Test
    void anOverloadedAnswerGoesBackAsSentAndIsRecordedAsAFailedCall() {
        String task = newTask("anthropic-529");

        HttpResponse<String> response = fixture.send(messages("claude", task, body(AnthropicUpstream.OVERLOADED_MODEL, false)));

        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(response.body()).contains("overloaded_error");
        LlmCall call = fixture.awaitCall(task);
        assertThat(call.error().type()).isEqualTo("overloaded_error");
        assertThat(call.error().message()).isEqualTo("Overloaded");
        assertThat(call.attributes()).containsEntry(CallFactory.HTTP_STATUS, "529");
    }

    @Test
    void theAnthropicNodeSdkNonStreamingAndStreaming() throws Exception {
        NodeScript node = NodeScript.with("node-anthropic-fixture", "Anthropic Node SDK", NODE_SDK);
        String task = newTask("anthropic-node");
        String streamTask = newTask("anthropic-node-stream");

        NodeScript.Result result = node.run("through-proxy.mjs", """
                import Anthropic from '@anthropic-ai/sdk';
                const client = new Anthropic({
                  baseURL: process.env.PROXY_BASE,
                  apiKey: process.env.CALLER_KEY,
                  defaultHeaders: {'X-LLMWatch-Key': process.env.LLMWATCH_KEY, 'X-LLMWatch-App': 'support'},
                });
                const params = {model: 'claude-haiku-4-5', max_tokens: 64, messages: [{role: 'user', content: 'Disk?'}]};
                const message = await client.messages.create(params, {headers: {'X-LLMWatch-Task': process.env.TASK}});
                const stream = client.messages.stream(params, {headers: {'X-LLMWatch-Task': process.env.STREAM_TASK}});
                const final = await stream.finalMessage();
                console.log(JSON.stringify({message, final}));
                """, Map.of("PROXY_BASE", fixture.proxyBase("claude-open").replaceFirst("/v1$", ""), "CALLER_KEY", CALLER_KEY,
                "LLMWATCH_KEY", ProxyFixture.COLLECTOR_KEY, "TASK", task, "STREAM_TASK", streamTask));

        assertThat(result.exit()).as(result.output()).isZero();
        JsonNode seen = Json.mapper().readTree(result.stdout());
        assertThat(seen.get("message").toString()).isEqualTo(AnthropicUpstream.message().toString());
        assertThat(seen.at("/final/content/0/text").asText()).isEqualTo(AnthropicUpstream.TEXT);
        List<OpenAiUpstream.Received> requests = anthropic.received();
        OpenAiUpstream.Received first = requests.get(requests.size() - 2);
        // This SDK version sends its apiKey as a bearer token; either way the caller's credential passes as sent.
        assertThat(first.header("x-api-key") != null ? first.header("x-api-key") : first.header("Authorization"))
                .as("the caller's key passes: %s", first.headers()).endsWith(CALLER_KEY);
        assertThat(first.header("User-Agent")).startsWith("Anthropic/JS");
        LlmCall plain = fixture.awaitCall(task);
        assertThat(plain.outputText()).isEqualTo(AnthropicUpstream.TEXT);
        assertThat(plain.usage()).isEqualTo(USAGE);
        LlmCall streamed = fixture.awaitCall(streamTask);
        assertThat(streamed.outputText()).isEqualTo(AnthropicUpstream.TEXT);
        assertThat(streamed.usage()).isEqualTo(USAGE);
        assertThat(PriceCatalog.defaults().cost(streamed).amount()).isCloseTo(HAIKU_COST, within(1e-12));
    }

    private static HttpRequest.Builder messages(String provider, String task, String body) {
        return HttpRequest.newBuilder(URI.create(fixture.proxyBase(provider) + "/messages"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("x-api-key", CALLER_KEY)
                .header("anthropic-version", "2023-06-01")
                .header(ApiKeyFilter.KEY_HEADER, ProxyFixture.COLLECTOR_KEY)
                .header("X-LLMWatch-App", "support")
                .header("X-LLMWatch-Task", task)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String body(String model, boolean stream) {
        return """
                {"model": "%s", "max_tokens": 64, "stream": %s,
                 "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
                 "messages": [{"role": "user", "content": "Disk?"}]}""".formatted(model, stream);
    }
}
