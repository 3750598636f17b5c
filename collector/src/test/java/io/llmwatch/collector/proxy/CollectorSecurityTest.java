package io.llmwatch.collector.proxy;

import static io.llmwatch.collector.proxy.ProxyFixture.COLLECTOR_KEY;
import static io.llmwatch.collector.proxy.ProxyFixture.PROVIDER_KEY;
import static io.llmwatch.collector.proxy.ProxyFixture.chatBody;
import static io.llmwatch.collector.proxy.ProxyFixture.newTask;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.collector.auth.ApiKeyFilter;
import io.llmwatch.collector.ingest.CollectorServer;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.LlmCall;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.redact.RedactionConfig.AppRedaction;
import io.llmwatch.redact.RedactionConfig;
import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Protecting the door: API keys, body limits, redaction before publishing, no secret in a log or a topic. */
class CollectorSecurityTest {

    private static final String CALLER_PROVIDER_KEY = "sk-callers-own-provider-key-0123456789";
    private static final RedactionConfig REDACTION = new RedactionConfig(List.of("ACME-\\d{4}"), Map.of(
            "billing", new AppRedaction(List.of("ORD-\\d{6}"), false),
            "hr", new AppRedaction(null, true)));

    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private static Level previousLevel;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() throws IOException {
        Logger llmwatch = (Logger) LoggerFactory.getLogger("io.llmwatch");
        previousLevel = llmwatch.getLevel();
        llmwatch.setLevel(Level.DEBUG);
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        fixture = new ProxyFixture(REDACTION, ProxyFixture.SHORT_RETRY_GRACE);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        ((Logger) LoggerFactory.getLogger("io.llmwatch")).setLevel(previousLevel);
    }

    @Test
    void ingestNeedsAKeyInTheKeyHeaderOrAsBearer() {
        String call = callJson(newId(), "support", "hello", "fine");

        assertThat(ingest(CollectorServer.EVENTS_PATH, call, Map.of()).statusCode()).isEqualTo(401);
        assertThat(ingest(CollectorServer.EVENTS_PATH, call, Map.of(ApiKeyFilter.KEY_HEADER, "wrong")).statusCode()).isEqualTo(401);
        assertThat(ingest(CollectorServer.EVENTS_PATH, call, Map.of("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
        assertThat(ingest(CollectorServer.EVENTS_PATH, call, Map.of(ApiKeyFilter.KEY_HEADER, COLLECTOR_KEY)).statusCode()).isEqualTo(202);
        assertThat(ingest(CollectorServer.EVENTS_PATH, call, Map.of("Authorization", "Bearer " + COLLECTOR_KEY)).statusCode()).isEqualTo(202);

        String evaluation = """
                {"call_id": "c-1", "timestamp": "2024-05-01T12:00:00Z", "name": "user_feedback", "score": 1}""";
        HttpResponse<String> refused = ingest(CollectorServer.EVALUATIONS_PATH, evaluation, Map.of());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(json(refused.body()).path("error").asText()).isEqualTo("unauthorized");
        assertThat(json(refused.body()).path("message").asText()).contains(ApiKeyFilter.KEY_HEADER);
        assertThat(ingest(CollectorServer.EVALUATIONS_PATH, evaluation, Map.of("Authorization", "bearer " + COLLECTOR_KEY))
                .statusCode()).isEqualTo(202);
        assertThat(ingest("/v1/traces", "{}", Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void theProxyNeedsTheKeyHeaderBecauseAuthorizationIsTheProviders() {
        String body = chatBody("gpt-4.1-mini", "hi", false, false);
        int before = fixture.upstream.received().size();

        HttpResponse<String> none = fixture.send(HttpRequest.newBuilder(fixture.uri("/proxy/open/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> bearerOnly = fixture.send(HttpRequest.newBuilder(fixture.uri("/proxy/open/v1/chat/completions"))
                .header("Authorization", "Bearer " + COLLECTOR_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> wrong = fixture.send(fixture.chat("open", newTask("wrong"), body)
                .setHeader(ApiKeyFilter.KEY_HEADER, COLLECTOR_KEY + "x"));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(bearerOnly.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(fixture.upstream.received()).hasSize(before);
        assertThat(fixture.send(fixture.chat("open", newTask("right"), body)).statusCode()).isEqualTo(200);
    }

    @Test
    void healthAndMetricsStayOpen() {
        assertThat(fixture.send(HttpRequest.newBuilder(fixture.uri(CollectorServer.HEALTH_PATH)).GET()).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = fixture.send(HttpRequest.newBuilder(fixture.uri(CollectorServer.METRICS_PATH)).GET());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("llmwatch_collector_auth_refused_total");
    }

    @Test
    void bodiesOverTheLimitAre413OnTheProxyEvenWhenCompressedSmall() throws IOException {
        byte[] big = new byte[1024 * 1024 + 1];
        Arrays.fill(big, (byte) ' ');
        int before = fixture.upstream.received().size();

        HttpResponse<String> plain = fixture.send(fixture.chat("open", newTask("big"), "")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        HttpResponse<String> bomb = fixture.send(fixture.chat("open", newTask("bomb"), "")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(big))));
        HttpResponse<String> ingest = ingest(CollectorServer.EVENTS_PATH, new String(big, StandardCharsets.UTF_8),
                Map.of(ApiKeyFilter.KEY_HEADER, COLLECTOR_KEY));

        assertThat(plain.statusCode()).isEqualTo(413);
        assertThat(bomb.statusCode()).isEqualTo(413);
        assertThat(gzip(big).length).isLessThan(10_000);
        assertThat(ingest.statusCode()).isEqualTo(413);
        assertThat(fixture.upstream.received()).hasSize(before);
    }

    @Test
    void ingestedCallsAreRedactedBeforeTheyArePublished() {
        String masked = newId();
        String billing = newId();
        String hr = newId();
        String prompt = "I am jane@example.com, card 4111 1111 1111 1111, phone +1 415 555 0132, key "
                + "sk-live-0123456789abcdefghijk, order ORD-123456 of ACME-0042, ref 4111 1111 1111 1112";

        assertThat(ingest(CollectorServer.EVENTS_PATH, "[" + callJson(masked, "support", prompt, "ok jane@example.com")
                + "," + callJson(billing, "billing", prompt, "done") + "," + callJson(hr, "hr", prompt, "secret answer") + "]",
                Map.of(ApiKeyFilter.KEY_HEADER, COLLECTOR_KEY)).statusCode()).isEqualTo(202);

        LlmCall support = awaitCall(masked);
        String content = support.request().path("messages").path(0).path("content").asText();
        assertThat(content).isEqualTo("I am [REDACTED:email], card [REDACTED:card_number], phone [REDACTED:phone], key "
                + "[REDACTED:api_key], order ORD-123456 of [REDACTED:custom], ref 4111 1111 1111 1112");
        assertThat(support.outputText()).isEqualTo("ok [REDACTED:email]");
        assertThat(support.attributes()).containsEntry("owner", "[REDACTED:email]");
        assertThat(awaitCall(billing).request().path("messages").path(0).path("content").asText())
                .contains("order [REDACTED:custom] of [REDACTED:custom]");
        LlmCall dropped = awaitCall(hr);
        assertThat(dropped.request().has("messages")).isFalse();
        assertThat(dropped.request().path("model").asText()).isEqualTo("gpt-4.1");
        assertThat(dropped.outputText()).isNull();
        assertThat(dropped.usage().inputTokens()).isEqualTo(12);
        assertThat(dropped.attributes()).containsEntry("llmwatch.content", "dropped");
    }

    @Test
    void proxiedCallsAreRedactedButTheProviderGetsThePromptAsSent() {
        String task = newTask("proxy-redact");
        String body = chatBody("gpt-4.1-mini", "mail jane@example.com about ACME-0042", false, false);

        assertThat(fixture.send(fixture.chat("open", task, body)).statusCode()).isEqualTo(200);

        assertThat(new String(fixture.upstream.last().body(), StandardCharsets.UTF_8)).isEqualTo(body);
        LlmCall call = fixture.awaitCall(task);
        assertThat(call.request().path("messages").path(1).path("content").asText())
                .isEqualTo("mail [REDACTED:email] about [REDACTED:custom]");
    }

    @Test
    void aRejectedItemIsMaskedOnTheDeadLetterTopicToo() throws Exception {
        String marker = newId();
        String invalid = """
                {"call_id": "%s", "timestamp": "2024-05-01T12:00:00Z", "app": "support", "task_type": "t",
                 "request_model": "gpt-4.1", "output_text": "write to jane@example.com", "latency_ms": -1}""".formatted(marker);

        assertThat(ingest(CollectorServer.EVENTS_PATH, invalid, Map.of(ApiKeyFilter.KEY_HEADER, COLLECTOR_KEY)).statusCode())
                .isEqualTo(400);

        try (TopicReader<DeadLetter> dlq = new TopicReader<>(fixture.kafka.bootstrapServers(), Topics.DLQ)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> dlq.poll().stream().anyMatch(l -> marker.equals(l.key())));
            DeadLetter letter = dlq.values().stream().filter(l -> marker.equals(l.key())).findFirst().orElseThrow();
            String raw = new String(Base64.getDecoder().decode(letter.valueBase64()), StandardCharsets.UTF_8);
            assertThat(raw).contains("write to [REDACTED:email]").doesNotContain("jane@");
            assertThat(Json.mapper().readTree(raw).path("call_id").asText()).isEqualTo(marker);
        }
    }

    @Test
    void noKeyEverAppearsInALogLineOrOnATopic() {
        String keyed = newTask("secret-keyed");
        String own = newTask("secret-own");
        fixture.upstream.then(fixture.upstream.error(401, "invalid_api_key", "Incorrect API key provided", Map.of()));
        fixture.send(fixture.chat("keyed", keyed, chatBody("gpt-4.1-mini", "a", false, false)));
        fixture.send(fixture.chat("open", own, chatBody("gpt-4.1-mini", "b", true, false))
                .header("Authorization", "Bearer " + CALLER_PROVIDER_KEY));
        fixture.send(fixture.chat("slow", newTask("secret-timeout"), chatBody("gpt-4.1-mini", "c", false, false))
                .header("Authorization", "Bearer " + CALLER_PROVIDER_KEY));
        fixture.send(fixture.chat("dead", newTask("secret-dead"), chatBody("gpt-4.1-mini", "d", false, false))
                .header("Authorization", "Bearer " + CALLER_PROVIDER_KEY));
        fixture.send(fixture.chat("open", newTask("secret-refused"), "{}").setHeader(ApiKeyFilter.KEY_HEADER, "guess-"
                + COLLECTOR_KEY));
        ingest(CollectorServer.EVENTS_PATH, "{\"call_id\": 1}", Map.of("Authorization", "Bearer " + COLLECTOR_KEY));
        assertThat(fixture.awaitCall(keyed).error().type()).isEqualTo("invalid_api_key");
        fixture.awaitCall(own);
        assertThat(fixture.upstream.received()).anyMatch(r -> ("Bearer " + PROVIDER_KEY).equals(r.header("Authorization")));

        List<String> secrets = List.of(PROVIDER_KEY, COLLECTOR_KEY, CALLER_PROVIDER_KEY);
        StringBuilder topics = new StringBuilder();
        dump(Topics.CALLS, topics);
        dump(Topics.DLQ, topics);
        dump(Topics.EVALUATIONS, topics);
        String dlqDecoded = decodedDeadLetters();
        StringBuilder logText = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            logText.append(event.getFormattedMessage()).append(event.getMDCPropertyMap()).append('\n');
            if (event.getThrowableProxy() != null) {
                logText.append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }

        assertThat(logs.list).isNotEmpty();
        assertThat(topics).isNotEmpty();
        for (String secret : secrets) {
            assertThat(topics.toString()).as("topics").doesNotContain(secret);
            assertThat(dlqDecoded).as("dead letters").doesNotContain(secret);
            assertThat(logText.toString()).as("log lines").doesNotContain(secret);
        }
    }

    private static <V> void dump(Topic<String, V> topic, StringBuilder into) {
        try (TopicReader<V> reader = new TopicReader<>(fixture.kafka.bootstrapServers(), topic)) {
            reader.readToEnd(Duration.ofSeconds(60));
            for (ConsumerRecord<String, V> record : reader.records()) {
                JsonNode value = Json.mapper().valueToTree(record.value());
                into.append(record.key()).append(' ').append(value).append('\n');
                record.headers().forEach(h -> into.append(new String(h.value(), StandardCharsets.UTF_8)));
            }
        }
    }

    private static String decodedDeadLetters() {
        StringBuilder text = new StringBuilder();
        try (TopicReader<DeadLetter> dlq = new TopicReader<>(fixture.kafka.bootstrapServers(), Topics.DLQ)) {
            for (DeadLetter letter : dlq.readToEnd(Duration.ofSeconds(60))) {
                if (letter.valueBase64() != null) {
                    text.append(new String(Base64.getDecoder().decode(letter.valueBase64()), StandardCharsets.UTF_8));
                }
            }
        }
        return text.toString();
    }

    private static LlmCall awaitCall(String callId) {
        try (TopicReader<LlmCall> calls = new TopicReader<>(fixture.kafka.bootstrapServers(), Topics.CALLS)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> calls.poll().stream().anyMatch(c -> callId.equals(c.callId())));
            return calls.values().stream().filter(c -> callId.equals(c.callId())).findFirst().orElseThrow();
        }
    }

    private static HttpResponse<String> ingest(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return fixture.send(request);
    }

    private static String callJson(String callId, String app, String prompt, String output) {
        return """
                {"call_id": "%s", "timestamp": "2024-05-01T12:00:00Z", "app": "%s", "task_type": "summarize",
                 "request_model": "gpt-4.1", "request": {"model": "gpt-4.1", "messages": [{"role": "user", "content": "%s"}]},
                 "output_text": "%s", "usage": {"input_tokens": 12, "output_tokens": 3},
                 "attributes": {"owner": "jane@example.com"}}""".formatted(callId, app, prompt, output);
    }

    private static String newId() {
        return "call-" + UUID.randomUUID();
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}
