package io.llmwatch.collector.proxy;

import static io.llmwatch.collector.proxy.ProxyFixture.newTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.redact.RedactionConfig;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recording proxy in front of the OpenAI Responses API ({@code /proxy/<provider>/v1/responses}),
 * driven by the official OpenAI Java SDK's Responses API against {@link ResponsesUpstream} on 127.0.0.1.
 */
class ResponsesProxyTest {

    private static final String CALLER_KEY = "sk-responses-caller-key-00000000000000";
    private static final Usage USAGE = new Usage(ResponsesUpstream.INPUT, ResponsesUpstream.OUTPUT,
            ResponsesUpstream.CACHED, null, ResponsesUpstream.REASONING);

    private static LocalUpstream upstream;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() throws IOException {
        upstream = ResponsesUpstream.start();
        fixture = new ProxyFixture(RedactionConfig.NONE, ProxyFixture.SHORT_RETRY_GRACE, Map.of(
                "responses", ProxyFixture.provider(upstream.baseUrl(), ProxyFixture.PROVIDER_KEY_ENV, 10_000)));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aResponseIsPassedOnAndRecordedWithCachedAndReasoningTokens() {
        String task = newTask("responses");
        OpenAIClient client = client(task);
        try {
            Response response = client.responses().create(params().build());

            assertThat(response.output().get(0).asMessage().content().get(0).asOutputText().text())
                    .isEqualTo(ResponsesUpstream.TEXT);
        } finally {
            client.close();
        }
        assertThat(upstream.last().header("Authorization")).isEqualTo("Bearer " + ProxyFixture.PROVIDER_KEY);
        LlmCall call = fixture.awaitCall(task);
        assertThat(call.requestModel()).isEqualTo("gpt-4.1-mini");
        assertThat(call.responseModel()).isEqualTo(ResponsesUpstream.MODEL);
        assertThat(call.outputText()).isEqualTo(ResponsesUpstream.TEXT);
        assertThat(call.finishReason()).isEqualTo("completed");
        assertThat(call.usage()).isEqualTo(USAGE);
        assertThat(call.request().path("input").asText()).isEqualTo("Router down?");
        assertThat(call.attributes()).containsEntry(CallFactory.API, "openai.responses");
        assertThat(PriceCatalog.defaults().cost(call).amount()).isPositive();
    }

    @Test
    void aFunctionCallIsTheRecordedOutput() {
        String task = newTask("responses-tool");
        OpenAIClient client = client(task);
        try {
            Response response = client.responses().create(params().addTool(FunctionTool.builder()
                    .name("lookup_ticket")
                    .parameters(FunctionTool.Parameters.builder()
                            .putAdditionalProperty("type", JsonValue.from("object"))
                            .build())
                    .strict(false)
                    .build()).build());

            assertThat(response.output().get(0).asFunctionCall().arguments()).isEqualTo(ResponsesUpstream.ARGUMENTS);
        } finally {
            client.close();
        }
        LlmCall call = fixture.awaitCall(task);
        assertThat(call.outputText()).isEqualTo(ResponsesUpstream.ARGUMENTS);
        assertThat(call.usage()).isEqualTo(USAGE);
    }

    @Test
    void aStreamIsRelayedAndRecordedAsTheSameResponse() {
        String task = newTask("responses-stream");
        StringBuilder seen = new StringBuilder();
        OpenAIClient client = client(task);
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params().build())) {
            stream.stream().forEach(event -> event.outputTextDelta().ifPresent(delta -> seen.append(delta.delta())));
        } finally {
            client.close();
        }

        assertThat(seen.toString()).isEqualTo(ResponsesUpstream.TEXT);
        LlmCall call = fixture.awaitCall(task);
        assertThat(call.outputText()).isEqualTo(ResponsesUpstream.TEXT);
        assertThat(call.finishReason()).isEqualTo("completed");
        assertThat(call.usage()).isEqualTo(USAGE);
        assertThat(call.timeToFirstTokenMs()).isPositive();
        assertThat(call.attributes()).containsEntry(CallFactory.STREAM, "true");
    }

    private static ResponseCreateParams.Builder params() {
        return ResponseCreateParams.builder().model("gpt-4.1-mini").input("Router down?").maxOutputTokens(64L);
    }

    private static OpenAIClient client(String task) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(fixture.proxyBase("responses"))
                .apiKey(CALLER_KEY)
                .putHeader(ApiKeyFilter.KEY_HEADER, ProxyFixture.COLLECTOR_KEY)
                .putHeader("X-LLMWatch-App", "support")
                .putHeader("X-LLMWatch-Task", task)
                .build();
    }
}
