package io.llmwatch.app;

import io.llmwatch.config.KafkaClientSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.collector.auth.ApiKeys;
import io.llmwatch.collector.ingest.CollectorOptions;
import io.llmwatch.collector.ingest.CollectorServer;
import io.llmwatch.collector.proxy.ProxyOptions;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.ProviderConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.scorer.provider.ChatResult;
import io.llmwatch.scorer.provider.ProviderRegistry;
import io.llmwatch.topic.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A production call recorded by the proxy (streamed or not) and a replay of the same request by the
 * scorer's chat client read the same provider answer into the same output text, so that a judge
 * compares like with like. Before the readers were one ({@code io.llmwatch.openai}), the proxy joined
 * several tool calls with new lines and put text before tool calls, while the replay client made a
 * JSON array and put tool calls first; and the proxy dropped a streamed refusal.
 */
class OpenAiReadingAgreementTest {

    private static final String COLLECTOR_KEY = "lw_test-collector-key-0123456789abcdefghijklmnop";
    private static final String PROVIDER = "upstream";
    private static final String MODEL = "gpt-4.1-mini";

    /** Assistant messages an OpenAI-compatible provider may answer with, by name. */
    private static final Map<String, String> ANSWERS = Map.of(
            "two-tool-calls", """
                    {"role": "assistant", "content": null, "tool_calls": [
                      {"id": "c1", "type": "function", "function": {"name": "weather", "arguments": "{\\"city\\": \\"Paris\\"}"}},
                      {"id": "c2", "type": "function", "function": {"name": "weather", "arguments": "{\\"city\\": \\"Lyon\\"}"}}]}""",
            "text-and-a-tool-call", """
                    {"role": "assistant", "content": "Let me look that up.", "tool_calls": [
                      {"id": "c1", "type": "function", "function": {"name": "lookup", "arguments": "{\\"id\\": 42}"}}]}""",
            "refusal", """
                    {"role": "assistant", "content": null, "refusal": "I can't help with that request."}""");

    static EmbeddedKafka kafka;
    static HttpServer upstream;
    static CollectorServer collector;
    static int collectorPort;
    static TopicReader<LlmCall> calls;
    static ProviderRegistry replay;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<LlmCall> RECORDED = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/v1/chat/completions", OpenAiReadingAgreementTest::answer);
        upstream.start();
        ProviderConfig provider = ProviderConfig.builder()
                .baseUrl("http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1").maxConcurrency(4).timeoutMs(10_000L)
                .models(List.of(MODEL)).build();
        kafka = EmbeddedKafka.start();
        collector = new CollectorServer(CollectorOptions.builder(KafkaClientSettings.of(kafka.bootstrapServers())).port(0)
                .apiKeys(ApiKeys.of(List.of(COLLECTOR_KEY)))
                .proxy(ProxyOptions.defaults().withProviders(Map.of(PROVIDER, provider))).build(), new SimpleMeterRegistry());
        collectorPort = collector.start();
        calls = new TopicReader<>(kafka.bootstrapServers(), Topics.CALLS);
        replay = ProviderRegistry.builder(LlmwatchConfig.empty().withProviders(Map.of(PROVIDER, provider)))
                .meters(new SimpleMeterRegistry()).build();
    }

    @AfterAll
    static void stop() {
        replay.close();
        calls.close();
        collector.close();
        kafka.close();
        upstream.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"two-tool-calls", "text-and-a-tool-call", "refusal"})
    void theProxyAndTheReplayClientReadTheSameAnswerIntoTheSameOutputText(String answer) throws Exception {
        ObjectNode request = Json.mapper().createObjectNode().put("model", MODEL);
        request.putArray("messages").addObject().put("role", "user").put("content", answer);

        String replayed = replayed(request);
        String recorded = recorded(request, false);
        String recordedStream = recorded(request, true);

        assertThat(replayed).as("the replay client's reading").isNotNull();
        assertThat(recorded).as("the proxy's reading of the answer").isEqualTo(replayed);
        assertThat(recordedStream).as("the proxy's reading of the same answer streamed").isEqualTo(replayed);
    }

    private static String replayed(ObjectNode request) {
        ChatResult result = replay.chatAt(PROVIDER).orElseThrow().complete(MODEL, request).join();
        assertThat(result.failed()).as("%s", result.error()).isFalse();
        return result.outputText();
    }

    /** Sends the request through the proxy and waits for its recorded call. */
    private static String recorded(ObjectNode request, boolean stream) throws Exception {
        String task = "agreement-" + UUID.randomUUID();
        ObjectNode body = request.deepCopy().put("stream", stream);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + collectorPort + "/proxy/" + PROVIDER + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(ApiKeyFilter.KEY_HEADER, COLLECTOR_KEY)
                .header("X-LLMWatch-Task", task)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            RECORDED.addAll(calls.poll());
            return RECORDED.stream().anyMatch(call -> task.equals(call.taskType()));
        });
        return RECORDED.stream().filter(call -> task.equals(call.taskType())).findFirst().orElseThrow().outputText();
    }

    /** The answer named by the request's user message, as a completion or, for a streaming request, as chunks. */
    private static void answer(HttpExchange exchange) throws IOException {
        JsonNode request = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
        ObjectNode message = (ObjectNode) Json.mapper().readTree(ANSWERS.get(request.path("messages").path(0)
                .path("content").asText()));
        String finish = message.hasNonNull("tool_calls") ? "tool_calls" : "stop";
        boolean stream = request.path("stream").asBoolean(false);
        byte[] out = (stream ? events(message, finish) : completion(message, finish)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", stream ? "text/event-stream" : "application/json");
        exchange.sendResponseHeaders(200, out.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(out);
        }
    }

    private static String completion(ObjectNode message, String finish) {
        ObjectNode root = Json.mapper().createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
                .put("model", MODEL);
        root.putArray("choices").addObject().put("index", 0).put("finish_reason", finish).set("message", message);
        root.putObject("usage").put("prompt_tokens", 12).put("completion_tokens", 7);
        return root.toString();
    }

    /** The message as OpenAI streams it: text, refusal and each tool call's arguments in two pieces. */
    private static String events(ObjectNode message, String finish) {
        List<ObjectNode> deltas = new ArrayList<>();
        deltas.add(Json.mapper().createObjectNode().put("role", "assistant"));
        if (message.hasNonNull("content")) {
            String content = message.get("content").asText();
            deltas.add(Json.mapper().createObjectNode().put("content", content.substring(0, 4)));
            deltas.add(Json.mapper().createObjectNode().put("content", content.substring(4)));
        }
        if (message.hasNonNull("refusal")) {
            deltas.add(Json.mapper().createObjectNode().put("refusal", message.get("refusal").asText()));
        }
        int index = 0;
        for (JsonNode call : message.path("tool_calls")) {
            String arguments = call.path("function").path("arguments").asText();
            ObjectNode first = Json.mapper().createObjectNode();
            ObjectNode head = first.putArray("tool_calls").addObject().put("index", index).put("id", call.path("id").asText())
                    .put("type", "function");
            head.putObject("function").put("name", call.path("function").path("name").asText())
                    .put("arguments", arguments.substring(0, 3));
            deltas.add(first);
            ObjectNode rest = Json.mapper().createObjectNode();
            rest.putArray("tool_calls").addObject().put("index", index).putObject("function")
                    .put("arguments", arguments.substring(3));
            deltas.add(rest);
            index++;
        }
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < deltas.size(); i++) {
            ObjectNode chunk = chunk();
            ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject().put("index", 0);
            choice.set("delta", deltas.get(i));
            if (i == deltas.size() - 1) {
                choice.put("finish_reason", finish);
            } else {
                choice.putNull("finish_reason");
            }
            events.append("data: ").append(chunk).append("\n\n");
        }
        ObjectNode usage = chunk();
        usage.putObject("usage").put("prompt_tokens", 12).put("completion_tokens", 7);
        events.append("data: ").append(usage).append("\n\n").append("data: [DONE]\n\n");
        return events.toString();
    }

    private static ObjectNode chunk() {
        ObjectNode chunk = Json.mapper().createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk")
                .put("model", MODEL);
        chunk.putArray("choices");
        return chunk;
    }
}
