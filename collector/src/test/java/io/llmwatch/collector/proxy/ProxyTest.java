package io.llmwatch.collector.proxy;

import static io.llmwatch.collector.proxy.ProxyFixture.chatBody;
import static io.llmwatch.collector.proxy.ProxyFixture.newTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.redact.RedactionConfig;
import io.llmwatch.topic.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recording proxy with a plain HTTP client: forwarding, streaming, errors, gzip, retries. */
class ProxyTest {

    private static ProxyFixture fixture;
    private static OpenAiUpstream upstream;

    @BeforeAll
    static void start() throws IOException {
        fixture = new ProxyFixture(RedactionConfig.NONE, ProxyFixture.SHORT_RETRY_GRACE);
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

    @Test
    void aCallIsForwardedWithTheProviderKeyAnsweredUnchangedAndRecorded() throws Exception {
        String task = newTask("plain");
        String body = chatBody("gpt-4.1-mini", "Summarize: printer on fire", false, false);

        HttpResponse<String> response = fixture.send(fixture.chat("keyed", task, body)
                .header("Authorization", "Bearer sk-caller-key-that-must-be-replaced-000")
                .header("X-LLMWatch-Trace-Id", "trace-7"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(OpenAiUpstream.completion(Json.mapper().readTree(body)).toString());
        assertThat(response.headers().firstValue("x-request-id")).hasValue("req-123");
        assertThat(response.headers().firstValue("openai-processing-ms")).hasValue("42");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");

        OpenAiUpstream.Received sent = upstream.last();
        assertThat(new String(sent.body(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + ProxyFixture.PROVIDER_KEY);
        assertThat(sent.headers().keySet()).noneMatch(name -> name.startsWith("x-llmwatch"));
        assertThat(sent.header("Accept-Encoding")).isEqualTo("identity");

        LlmCall call = fixture.awaitCall(task);
        assertThat(call.callId()).startsWith("proxy-");
        assertThat(call.app()).isEqualTo("support");
        assertThat(call.traceId()).isEqualTo("trace-7");
        assertThat(call.provider()).isEqualTo("keyed");
        assertThat(call.operation()).isEqualTo("chat");
        assertThat(call.requestModel()).isEqualTo("gpt-4.1-mini");
        assertThat(call.responseModel()).isEqualTo(OpenAiUpstream.RESPONSE_MODEL);
        assertThat(call.request()).isEqualTo(Json.mapper().readTree(body));
        assertThat(call.outputText()).isEqualTo(OpenAiUpstream.TEXT);
        assertThat(call.finishReason()).isEqualTo("stop");
        assertThat(call.usage()).isEqualTo(new Usage(OpenAiUpstream.PROMPT_TOKENS, OpenAiUpstream.COMPLETION_TOKENS,
                OpenAiUpstream.CACHED_TOKENS, null, OpenAiUpstream.REASONING_TOKENS));
        assertThat(call.latencyMs()).isPositive();
        assertThat(call.timeToFirstTokenMs()).isNull();
        assertThat(call.error()).isNull();
        assertThat(call.attributes()).containsEntry("http_status", "200").doesNotContainKey("retry_attempt");
        assertThat(call.validate()).isEmpty();
        // No cost reported by the provider: the scorer prices it; 8 uncached + 4 cached input, 7 output.
        assertThat(call.cost()).isNull();
        assertThat(PriceCatalog.defaults().cost(call).amount()).isCloseTo((8 * 0.40 + 4 * 0.10 + 7 * 1.60) / 1e6, within(1e-12));
    }

    @Test
    void aCostReportedByTheProviderIsRecordedAsTheProvidersCost() throws Exception {
        String task = newTask("cost");
        String body = chatBody("gpt-4.1-mini", "hi", false, false);
        JsonNode answer = OpenAiUpstream.completion(Json.mapper().readTree(body));
        ((ObjectNode) answer.get("usage")).put("cost", 0.00042);
        upstream.then(upstream.body(200, answer.toString()));

        assertThat(fixture.send(fixture.chat("open", task, body)).statusCode()).isEqualTo(200);

        LlmCall call = fixture.awaitCall(task);
        assertThat(call.cost().amount()).isEqualTo(0.00042);
        assertThat(call.cost().source()).isEqualTo(CostSource.PROVIDER);
    }

    @Test
    void theCallersOwnAuthorizationGoesThroughWhenTheProviderHasNoKey() {
        String task = newTask("own-key");

        HttpResponse<String> response = fixture.send(fixture.chat("open", task, chatBody("gpt-4.1-mini", "hi", false, false))
                .header("Authorization", "Bearer sk-callers-own-key-000000000000"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.last().header("Authorization")).isEqualTo("Bearer sk-callers-own-key-000000000000");
        assertThat(fixture.awaitCall(task).provider()).isEqualTo("open");
    }

    @Test
    void aStreamGetsUsageAddedUpstreamFlushedEventByEventAndTheUsageChunkStripped() throws Exception {
        String task = newTask("stream");
        String body = chatBody("gpt-4.1-mini", "Tell me a story", true, false);
        CountDownLatch firstEventSeen = new CountDownLatch(1);
        CountDownLatch firstEventReceivedInTime = new CountDownLatch(1);
        // The upstream holds the rest of the stream until the client has the first event: a proxy
        // that buffered instead of flushing each event would never let it through.
        upstream.then((exchange, request) -> {
            List<String> events = OpenAiUpstream.events(request);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(events.get(0).getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                if (firstEventSeen.await(30, TimeUnit.SECONDS)) {
                    firstEventReceivedInTime.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (String event : events.subList(1, events.size())) {
                exchange.getResponseBody().write(event.getBytes(StandardCharsets.UTF_8));
            }
        });

        HttpResponse<InputStream> response = fixture.send(fixture.chat("open", task, body),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> received = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder event = new StringBuilder();
            while ((line = reader.readLine()) != null) {
                event.append(line).append('\n');
                if (line.isEmpty()) {
                    received.add(event.toString());
                    event.setLength(0);
                    firstEventSeen.countDown();
                }
            }
        }

        assertThat(firstEventReceivedInTime.getCount()).as("the first event was flushed before the stream ended").isZero();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        JsonNode sentUpstream = upstream.last().json();
        assertThat(sentUpstream.path("stream_options").path("include_usage").asBoolean()).isTrue();
        List<String> expected = new ArrayList<>(OpenAiUpstream.events(sentUpstream));
        expected.removeIf(event -> event.contains("\"choices\":[]"));
        assertThat(received).isEqualTo(expected);

        LlmCall call = fixture.awaitCall(task);
        assertThat(call.request()).isEqualTo(Json.mapper().readTree(body));
        assertThat(call.outputText()).isEqualTo(OpenAiUpstream.TEXT);
        assertThat(call.finishReason()).isEqualTo("stop");
        assertThat(call.responseModel()).isEqualTo(OpenAiUpstream.RESPONSE_MODEL);
        assertThat(call.usage()).isEqualTo(new Usage(OpenAiUpstream.PROMPT_TOKENS, OpenAiUpstream.COMPLETION_TOKENS,
                OpenAiUpstream.CACHED_TOKENS, null, OpenAiUpstream.REASONING_TOKENS));
        assertThat(call.timeToFirstTokenMs()).isPositive().isLessThanOrEqualTo(call.latencyMs());
        assertThat(call.attributes()).containsEntry("stream", "true").containsEntry("http_status", "200");
        assertThat(call.error()).isNull();
    }

    @Test
    void aStreamWhoseCallerAskedForUsageKeepsTheUsageChunk() {
        String task = newTask("stream-usage");
        String body = chatBody("gpt-4.1-mini", "Tell me a story", true, true);

        HttpResponse<String> response = fixture.send(fixture.chat("open", task, body));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(upstream.last().body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(response.body()).isEqualTo(String.join("", OpenAiUpstream.events(upstream.last().json())));
        assertThat(response.body()).contains("\"choices\":[]");
        assertThat(fixture.awaitCall(task).usage().inputTokens()).isEqualTo(OpenAiUpstream.PROMPT_TOKENS);
    }

    @Test
    void providerErrorsGoBackAsSentAndAreRecordedAsFailedCalls() {
        String badRequest = newTask("400");
        String unavailable = newTask("503");
        upstream.then(upstream.error(400, "invalid_request_error", "max_tokens is too large", Map.of("x-request-id", "req-400")));
        upstream.then(upstream.error(503, "server_error", "The engine is currently overloaded", Map.of()));

        HttpResponse<String> first = fixture.send(fixture.chat("open", badRequest, chatBody("gpt-4.1-mini", "a", false, false)));
        HttpResponse<String> second = fixture.send(fixture.chat("open", unavailable, chatBody("gpt-4.1-mini", "b", false, false)));

        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(first.headers().firstValue("x-request-id")).hasValue("req-400");
        assertThat(parse(first.body()).path("error").path("message").asText())
                .isEqualTo("max_tokens is too large");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(parse(second.body()).path("error").path("type").asText()).isEqualTo("server_error");

        LlmCall failed400 = fixture.awaitCall(badRequest);
        assertThat(failed400.error().type()).isEqualTo("invalid_request_error");
        assertThat(failed400.error().message()).isEqualTo("max_tokens is too large");
        assertThat(failed400.attributes()).containsEntry("http_status", "400");
        assertThat(failed400.usage()).isNull();
        LlmCall failed503 = fixture.awaitCall(unavailable);
        assertThat(failed503.error().type()).isEqualTo("server_error");
        assertThat(failed503.attributes()).containsEntry("http_status", "503");
    }

    @Test
    void aProviderThatDoesNotAnswerInTimeIs504AndRecordedAsATimeout() {
        String task = newTask("timeout");
        upstream.then(upstream.slow(Duration.ofSeconds(3)));

        HttpResponse<String> response = fixture.send(fixture.chat("slow", task, chatBody("gpt-4.1-mini", "a", false, false)));

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(parse(response.body()).path("error").path("code").asText()).isEqualTo("timeout");
        LlmCall call = fixture.awaitCall(task);
        assertThat(call.error().type()).isEqualTo("timeout");
        assertThat(call.attributes()).containsEntry("http_status", "504");
    }

    @Test
    void aStreamThatStallsIsCutAfterTheTimeoutAndRecordedAsATimeout() {
        String task = newTask("stall");
        upstream.then((exchange, request) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(OpenAiUpstream.events(request).get(1).getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            OpenAiUpstream.sleep(Duration.ofSeconds(3));
        });

        HttpResponse<String> response = fixture.send(fixture.chat("slow", task, chatBody("gpt-4.1-mini", "a", true, false)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Hello");
        LlmCall call = fixture.awaitCall(task);
        assertThat(call.error().type()).isEqualTo("timeout");
        assertThat(call.outputText()).isEqualTo("Hello");
    }

    @Test
    void anUnreachableProviderIs502AndRecorded() {
        String task = newTask("dead");

        HttpResponse<String> response = fixture.send(fixture.chat("dead", task, chatBody("gpt-4.1-mini", "a", false, false)));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(parse(response.body()).path("error").path("message").asText()).contains("could not be reached");
        assertThat(fixture.awaitCall(task).error().type()).isEqualTo("upstream_unreachable");
    }

    @Test
    void anUnknownProviderIs404InOpenAisErrorShapeAndNotRecorded() {
        HttpResponse<String> response = fixture.send(fixture.chat("nowhere", newTask("unknown"), chatBody("m", "a", false, false)));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(parse(response.body()).path("error").path("message").asText())
                .contains("nowhere").contains("keyed").contains("open");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void aGzipAnswerIsPassedEncodedToACallerThatAcceptsGzipAndRecordedDecoded() throws Exception {
        String task = newTask("gzip");
        String body = chatBody("gpt-4.1-mini", "hi", false, false);

        HttpResponse<byte[]> response = fixture.send(fixture.chat("open", task, body).header("Accept-Encoding", "gzip, deflate"),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(upstream.last().header("Accept-Encoding")).isEqualTo("gzip");
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new String(OpenAiUpstream.gunzip(response.body()), StandardCharsets.UTF_8))
                .isEqualTo(OpenAiUpstream.completion(Json.mapper().readTree(body)).toString());
        assertThat(fixture.awaitCall(task).outputText()).isEqualTo(OpenAiUpstream.TEXT);
    }

    @Test
    void aGzipAnswerIsDecodedForACallerThatDoesNotAcceptGzip() throws Exception {
        String task = newTask("gunzip");
        String body = chatBody("gpt-4.1-mini", "hi", false, false);
        String answer = OpenAiUpstream.completion(Json.mapper().readTree(body)).toString();
        upstream.then((exchange, request) -> {
            byte[] zipped = OpenAiUpstream.gzip(answer.getBytes(StandardCharsets.UTF_8));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, zipped.length);
            exchange.getResponseBody().write(zipped);
        });

        HttpResponse<String> response = fixture.send(fixture.chat("open", task, body));

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo(answer);
        assertThat(fixture.awaitCall(task).usage().outputTokens()).isEqualTo(OpenAiUpstream.COMPLETION_TOKENS);
    }

    @Test
    void aGzipRequestBodyIsDecodedBeforeItIsForwardedAndRecorded() throws Exception {
        String task = newTask("gzip-request");
        String body = chatBody("gpt-4.1-mini", "compressed prompt", false, false);

        HttpResponse<String> response = fixture.send(fixture.chat("open", task, body)
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(OpenAiUpstream.gzip(body.getBytes(StandardCharsets.UTF_8)))));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(upstream.last().body(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(upstream.last().header("Content-Encoding")).isNull();
        assertThat(fixture.awaitCall(task).request().path("messages").path(1).path("content").asText())
                .isEqualTo("compressed prompt");
    }

    @Test
    void aFailedAttemptFollowedBySuccessfulRetriesIsOneLogicalCall() {
        String task = newTask("retry");
        String body = chatBody("gpt-4.1-mini", "retry me", false, false);
        upstream.then(upstream.error(500, "server_error", "boom", Map.of()));
        upstream.then(upstream.error(429, "rate_limit_exceeded", "slow down", Map.of("retry-after-ms", "10")));

        assertThat(fixture.send(fixture.chat("open", task, body).header("X-Stainless-Retry-Count", "0")).statusCode()).isEqualTo(500);
        assertThat(fixture.send(fixture.chat("open", task, body).header("X-Stainless-Retry-Count", "1")).statusCode()).isEqualTo(429);
        assertThat(fixture.send(fixture.chat("open", task, body).header("X-Stainless-Retry-Count", "2")).statusCode()).isEqualTo(200);

        LlmCall call = fixture.awaitCall(task);
        assertThat(call.error()).isNull();
        assertThat(call.outputText()).isEqualTo(OpenAiUpstream.TEXT);
        assertThat(call.attributes()).containsEntry("retry_attempt", "2").containsEntry("failed_attempts", "2");
        // The failures would have been published one grace period after they happened: a later call,
        // sent after that, shows up while still only the one logical call is there.
        OpenAiUpstream.sleep(fixture.retryGrace.multipliedBy(2));
        String later = newTask("after-retry");
        assertThat(fixture.send(fixture.chat("open", later, chatBody("gpt-4.1-nano", "x", false, false))).statusCode()).isEqualTo(200);
        fixture.awaitCall(later);
        fixture.allCalls();
        assertThat(fixture.recorded(task)).hasSize(1);
    }

    @Test
    void aFailedAttemptThatIsNotRetriedIsPublishedAfterTheGraceAsAFailedCall() {
        String task = newTask("no-retry");
        upstream.then(upstream.error(500, "server_error", "boom", Map.of()));

        assertThat(fixture.send(fixture.chat("open", task, chatBody("gpt-4.1-mini", "once", false, false))
                .header("X-Stainless-Retry-Count", "0")).statusCode()).isEqualTo(500);

        LlmCall call = fixture.awaitCall(task);
        assertThat(call.error().type()).isEqualTo("server_error");
        assertThat(call.attributes()).doesNotContainKeys("retry_attempt", "failed_attempts");
    }

    @Test
    void identicalFirstAttemptsAreSeparateCalls() {
        String task = newTask("twins");
        String body = chatBody("gpt-4.1-mini", "same prompt", false, false);

        fixture.send(fixture.chat("open", task, body).header("X-Stainless-Retry-Count", "0"));
        fixture.send(fixture.chat("open", task, body).header("X-Stainless-Retry-Count", "0"));

        List<LlmCall> calls = fixture.awaitCalls(task, 2);
        assertThat(calls).extracting(LlmCall::callId).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void callsWithoutLabelsGetTheDefaults() {
        String marker = newTask("unlabelled");
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(URI.create(fixture.proxyBase("open") + "/chat/completions"))
                .header(ApiKeyFilter.KEY_HEADER, ProxyFixture.COLLECTOR_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(marker, "hi", false, false))));

        assertThat(response.statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> fixture.recorded("chat").stream().anyMatch(c -> marker.equals(c.requestModel())));
        LlmCall call = fixture.recorded("chat").stream().filter(c -> marker.equals(c.requestModel())).findFirst().orElseThrow();
        assertThat(call.app()).isEqualTo("unlabelled");
        assertThat(call.taskType()).isEqualTo("chat");
    }

    @Test
    void aLiveProviderEntryOnTheControlTopicIsUsedAndItsTombstoneRemovesIt() {
        String task = newTask("live");
        String body = chatBody("gpt-4.1-mini", "hi", false, false);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONTROL.name(), "provider/live",
                    "{\"base_url\": \"" + upstream.baseUrl() + "\", \"api_key_env\": \"" + ProxyFixture.PROVIDER_KEY_ENV + "\"}"));
            producer.flush();
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> fixture.send(fixture.chat("live", task, body)).statusCode() == 200);
            assertThat(upstream.last().header("Authorization")).isEqualTo("Bearer " + ProxyFixture.PROVIDER_KEY);
            assertThat(fixture.awaitCall(task).provider()).isEqualTo("live");

            producer.send(new ProducerRecord<>(Topics.CONTROL.name(), "provider/live", null));
            producer.flush();
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> fixture.send(fixture.chat("live", newTask("gone"), body)).statusCode() == 404);
        }
    }

    @Test
    void liveProviderEntriesOutsideTheAllowListAreIgnoredAndNoSecretLeaves() throws IOException {
        String body = chatBody("gpt-4.1-mini", "hi", false, false);
        try (OpenAiUpstream evil = new OpenAiUpstream();
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.kafka.bootstrapServers()),
                     new StringSerializer(), new StringSerializer())) {
            // The reported attack: any URL, with the variable that holds the collector's own ingest keys.
            producer.send(new ProducerRecord<>(Topics.CONTROL.name(), "provider/evil",
                    "{\"base_url\": \"" + evil.baseUrl() + "\", \"api_key_env\": \"" + ProxyFixture.OWN_KEYS_ENV + "\"}"));
            // An allowed key variable, sent to a host that is not allowed.
            producer.send(new ProducerRecord<>(Topics.CONTROL.name(), "provider/evil2",
                    "{\"base_url\": \"" + evil.baseUrl() + "\", \"api_key_env\": \"" + ProxyFixture.PROVIDER_KEY_ENV + "\"}"));
            // An allowed host, with the collector's own keys.
            producer.send(new ProducerRecord<>(Topics.CONTROL.name(), "provider/evil3",
                    "{\"base_url\": \"" + upstream.baseUrl() + "\", \"api_key_env\": \"" + ProxyFixture.OWN_KEYS_ENV + "\"}"));
            // Allowed: the host and key variable of the file's "keyed" provider. Read after the others.
            producer.send(new ProducerRecord<>(Topics.CONTROL.name(), "provider/allowed",
                    "{\"base_url\": \"" + upstream.baseUrl() + "\", \"api_key_env\": \"" + ProxyFixture.PROVIDER_KEY_ENV + "\"}"));
            producer.flush();
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> fixture.send(fixture.chat("allowed", newTask("allowed"), body)).statusCode() == 200);

            upstream.reset();
            for (String name : List.of("evil", "evil2", "evil3")) {
                assertThat(fixture.send(fixture.chat(name, newTask(name), body)).statusCode()).as(name).isEqualTo(404);
            }

            assertThat(evil.received()).isEmpty();
            assertThat(upstream.received()).isEmpty();
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
