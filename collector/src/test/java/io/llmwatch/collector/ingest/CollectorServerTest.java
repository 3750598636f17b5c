package io.llmwatch.collector.ingest;

import io.llmwatch.config.KafkaClientSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.EventTimeWindow;
import io.llmwatch.validate.FieldError;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CollectorServerTest {

    /** The fixtures are calls of 2024: the window of an archive import. */
    static final EventTimeWindow ARCHIVE = new EventTimeWindow(Duration.ofDays(3_650), EventTimeWindow.DEFAULT_MAX_FUTURE_SKEW);

    private static EmbeddedKafka kafka;
    private static PrometheusMeterRegistry registry;
    private static CollectorServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = new CollectorServer(CollectorOptions.builder(KafkaClientSettings.of(kafka.bootstrapServers())).port(0)
                .eventTimes(ARCHIVE).build(), registry);
        http = new Http(server.start());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aValidCallIsAcknowledgedAndPublishedKeyedByCallIdStampedWithIngestTime() throws Exception {
        String callId = newId("call");
        String body = validCall(callId, 12);
        long before = System.currentTimeMillis();

        HttpResponse<String> response = http.post(CollectorServer.EVENTS_PATH, body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode answer = Http.json(response);
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected")).isEmpty();

        ConsumerRecord<String, byte[]> record = TopicReader.read(kafka.bootstrapServers(), Topics.CALLS.name(),
                r -> callId.equals(r.key()), 1).get(0);
        LlmCall published = Topics.CALLS.valueSerde().deserializer().deserialize(Topics.CALLS.name(), record.value());
        assertThat(published).isEqualTo(Json.mapper().readValue(body, LlmCall.class));
        assertThat(published.schema()).isEqualTo(LlmCall.SCHEMA);
        assertThat(published.usage().inputTokens()).isEqualTo(12);
        // The event happened in 2024; the record carries the time it was ingested (see Topics).
        assertThat(record.timestamp()).isGreaterThanOrEqualTo(before);
    }

    @Test
    void aBatchWithInvalidItemsPublishesTheValidOneAndDeadLettersTheOthersAsSent() {
        String goodId = newId("good");
        String badId = newId("bad");
        String marker = newId("app");
        String good = validCall(goodId, 5);
        String negativeTokens = validCall(badId, -1);
        String noCallId = """
                { "timestamp": "2024-05-01T12:00:00Z", "app": "%s", "task_type": "eda", "request_model": "gpt-4.1" }"""
                .formatted(marker);
        String body = "[\n  " + good + ",\n  " + negativeTokens + " ,\n" + noCallId + "\n]";

        HttpResponse<String> response = http.post(CollectorServer.EVENTS_PATH, body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = Http.json(response);
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        JsonNode rejected = answer.get("rejected");
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(rejected.get(0).get("call_id").asText()).isEqualTo(badId);
        assertThat(errorTexts(rejected.get(0))).contains("usage.input_tokens must be >= 0");
        assertThat(rejected.get(1).get("index").asInt()).isEqualTo(2);
        assertThat(rejected.get(1).has("call_id")).isFalse();
        assertThat(errorTexts(rejected.get(1))).containsExactly("call_id is required");

        TopicReader.read(kafka.bootstrapServers(), Topics.CALLS.name(), r -> goodId.equals(r.key()), 1);
        DeadLetter negative = deadLetter(TopicReader.read(kafka.bootstrapServers(), Topics.DLQ.name(),
                r -> badId.equals(r.key()), 1).get(0));
        assertThat(negative.key()).isEqualTo(badId);
        assertThat(negative.reason()).startsWith("usage.input_tokens must be >= 0");
        assertThat(negative.errors()).extracting(FieldError::field).contains("usage.input_tokens");
        assertThat(decode(negative)).isEqualTo(negativeTokens);
        assertThat(negative.sourceTopic()).isEqualTo("http:POST /v1/events");
        assertThat(negative.component()).isEqualTo("collector");
        assertThat(negative.partition()).isNull();
        assertThat(negative.offset()).isNull();
        assertThat(negative.rejectedAt()).isNotNull();

        ConsumerRecord<String, byte[]> keyless = TopicReader.read(kafka.bootstrapServers(), Topics.DLQ.name(),
                r -> decode(deadLetter(r)).contains(marker), 1).get(0);
        assertThat(keyless.key()).isNull();
        DeadLetter missing = deadLetter(keyless);
        assertThat(missing.reason()).isEqualTo("call_id is required");
        assertThat(decode(missing)).isEqualTo(noCallId);
    }

    @Test
    void evaluationsAreValidatedAndPublishedKeyedByCallId() {
        String callId = newId("evaluated");
        String valid = """
                {"call_id": "%s", "timestamp": "2024-05-01T12:00:05Z", "name": "user_feedback", "score": 1.0, "label": "thumbs_up"}"""
                .formatted(callId);
        String badScoreId = newId("badscore");
        String invalid = """
                {"call_id": "%s", "timestamp": "2024-05-01T12:00:05Z", "name": "user_feedback", "score": 1.5}"""
                .formatted(badScoreId);

        HttpResponse<String> accepted = http.post(CollectorServer.EVALUATIONS_PATH, valid);
        HttpResponse<String> rejected = http.post(CollectorServer.EVALUATIONS_PATH, "[" + invalid + "]");

        assertThat(accepted.statusCode()).isEqualTo(202);
        Evaluation published = Topics.EVALUATIONS.valueSerde().deserializer().deserialize(Topics.EVALUATIONS.name(),
                TopicReader.read(kafka.bootstrapServers(), Topics.EVALUATIONS.name(),
                        r -> callId.equals(r.key()), 1).get(0).value());
        assertThat(published.schema()).isEqualTo(Evaluation.SCHEMA);
        assertThat(published.score()).isEqualTo(1.0);
        assertThat(published.label()).isEqualTo("thumbs_up");
        assertThat(published.timestamp()).isEqualTo(Instant.parse("2024-05-01T12:00:05Z"));

        assertThat(rejected.statusCode()).isEqualTo(400);
        JsonNode answer = Http.json(rejected);
        assertThat(answer.get("accepted").asInt()).isZero();
        assertThat(answer.get("rejected").get(0).get("index").asInt()).isZero();
        assertThat(answer.get("rejected").get(0).get("errors").get(0).get("field").asText()).isEqualTo("score");
        DeadLetter letter = deadLetter(TopicReader.read(kafka.bootstrapServers(), Topics.DLQ.name(),
                r -> badScoreId.equals(r.key()), 1).get(0));
        assertThat(letter.sourceTopic()).isEqualTo("http:POST /v1/evaluations");
        assertThat(decode(letter)).isEqualTo(invalid);
        assertThat(TopicReader.read(kafka.bootstrapServers(), Topics.EVALUATIONS.name(), r -> true, 1))
                .noneMatch(r -> badScoreId.equals(r.key()));
    }

    @Test
    void aBodyThatIsNotJsonIsRejectedOnTheWholeBodyAndDeadLettered() {
        String marker = newId("garbage");
        String body = "call_id=" + marker + "&app=x";

        HttpResponse<String> response = http.post(CollectorServer.EVENTS_PATH,
                body.getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode rejection = Http.json(response).get("rejected").get(0);
        assertThat(rejection.has("index")).isFalse();
        assertThat(rejection.get("errors").get(0).get("field").asText()).isEqualTo("$");
        assertThat(rejection.get("errors").get(0).get("message").asText()).startsWith("is not valid JSON");
        DeadLetter letter = deadLetter(TopicReader.read(kafka.bootstrapServers(), Topics.DLQ.name(),
                r -> decode(deadLetter(r)).contains(marker), 1).get(0));
        assertThat(decode(letter)).isEqualTo(body);
    }

    @Test
    void trailingContentAfterTheJsonValueIsNotJson() {
        HttpResponse<String> response = http.post(CollectorServer.EVENTS_PATH,
                validCall(newId("trailing"), 1) + " }");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).get("accepted").asInt()).isZero();
        assertThat(Http.json(response).get("rejected").get(0).get("errors").get(0).get("field").asText())
                .isEqualTo("$");
    }

    @Test
    void anEmptyArrayOrBodyIsRejected() {
        for (String body : List.of("[]", " ", "")) {
            HttpResponse<String> response = http.post(CollectorServer.EVENTS_PATH, body);

            assertThat(response.statusCode()).as("body '%s'", body).isEqualTo(400);
            JsonNode answer = Http.json(response);
            assertThat(answer.get("accepted").asInt()).isZero();
            assertThat(answer.get("rejected").get(0).get("errors").get(0).get("field").asText()).isEqualTo("$");
        }
    }

    @Test
    void aJsonBodyIsRefusedUnlessItsContentTypeSaysJson() {
        HttpResponse<String> response = http.post(CollectorServer.EVENTS_PATH,
                validCall(newId("plain"), 1).getBytes(StandardCharsets.UTF_8), "text/plain");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(Http.json(response).get("message").asText()).contains("application/json");
    }

    @Test
    void aBodyLargerThanTheLimitIsRefusedWith413() {
        byte[] body = new byte[(int) CollectorOptions.DEFAULT_MAX_BODY_BYTES + 1];
        Arrays.fill(body, (byte) ' ');
        body[0] = '[';
        body[body.length - 1] = ']';

        HttpResponse<String> response = http.post(CollectorServer.EVENTS_PATH, body, "application/json");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Http.json(response).get("error").asText()).isEqualTo("content_too_large");
        assertThat(Http.json(response).get("message").asText()).contains(Long.toString(CollectorOptions.DEFAULT_MAX_BODY_BYTES));
    }

    @Test
    void aChunkedBodyLargerThanTheLimitIsRefusedWith413() {
        byte[] body = new byte[(int) CollectorOptions.DEFAULT_MAX_BODY_BYTES + 1];
        Arrays.fill(body, (byte) ' ');
        body[0] = '[';
        body[body.length - 1] = ']';

        // Without a known length the client sends the body chunked, with no Content-Length to check.
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri(CollectorServer.EVENTS_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Http.json(response).get("error").asText()).isEqualTo("content_too_large");
    }

    @Test
    void aRecordKafkaRefusesAsTooLargeIsAnsweredWith413NotRetried() {
        // The broker's default limit is about 1 MB per (compressed) batch; random text barely compresses.
        CollectorOptions roomy = CollectorOptions.builder(KafkaClientSettings.of(kafka.bootstrapServers())).port(0).eventTimes(ARCHIVE)
                .maxBodyBytes(8L * 1024 * 1024).build();
        try (CollectorServer big = new CollectorServer(roomy, registry)) {
            Http client = new Http(big.start());
            byte[] noise = new byte[2 * 1024 * 1024];
            new Random(7).nextBytes(noise);
            String text = Base64.getEncoder().encodeToString(noise);
            String body = validCall(newId("huge"), 1).replace("\"hello\"", "\"" + text + "\"");

            HttpResponse<String> response = client.post(CollectorServer.EVENTS_PATH, body);

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(Http.json(response).get("error").asText()).isEqualTo("record_too_large");
            assertThat(Http.json(client.get(CollectorServer.HEALTH_PATH)).get("status").asText()).isEqualTo("ok");
        }
    }

    @Test
    void healthzIsOk() {
        HttpResponse<String> response = http.get(CollectorServer.HEALTH_PATH);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void metricsExposeTheAcceptedCounterAndRequestTimings() {
        assertThat(http.post(CollectorServer.EVENTS_PATH, validCall(newId("counted"), 1)).statusCode()).isEqualTo(202);

        HttpResponse<String> response = http.get(CollectorServer.METRICS_PATH);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body())
                .containsPattern("llmwatch_collector_events_total\\{endpoint=\"/v1/events\",outcome=\"accepted\"} [1-9]")
                .contains("http_server_requests_seconds_count{method=\"POST\",status=\"202\",uri=\"/v1/events\"}")
                .contains("kafka_producer_record_send_total");
    }

    @Test
    void errorsOutsideTheEndpointsAreJsonToo() {
        HttpResponse<String> notFound = http.send(HttpRequest.newBuilder(http.uri("/nowhere"))
                .header("Accept", "text/html").GET());
        HttpResponse<String> headerTooLarge = http.send(HttpRequest.newBuilder(http.uri(CollectorServer.HEALTH_PATH))
                .header("X-Padding", "x".repeat(64 * 1024)).GET());

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(Http.json(notFound).get("error").asText()).isEqualTo("not_found");
        assertThat(headerTooLarge.statusCode()).isEqualTo(431);
        assertThat(headerTooLarge.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Http.json(headerTooLarge).get("error").asText()).isEqualTo("request_header_fields_too_large");
    }

    private static String validCall(String callId, long inputTokens) {
        return """
                {"call_id": "%s", "timestamp": "2024-05-01T12:00:00Z", "app": "support", "task_type": "summarize-ticket",
                 "provider": "openai", "request_model": "gpt-4.1", "response_model": "gpt-4.1-2025-04-14",
                 "request": {"messages": [{"role": "user", "content": "Summarize: printer on fire"}], "temperature": 0.2},
                 "output_text": "hello", "finish_reason": "stop",
                 "usage": {"input_tokens": %d, "output_tokens": 3}, "latency_ms": 420.5,
                 "cost": {"amount": 0.0012, "currency": "USD"}, "attributes": {"tenant": "acme"}}"""
                .formatted(callId, inputTokens);
    }

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static List<String> errorTexts(JsonNode rejection) {
        return StreamSupport.stream(rejection.get("errors").spliterator(), false)
                .map(error -> error.get("field").asText() + " " + error.get("message").asText())
                .toList();
    }

    private static DeadLetter deadLetter(ConsumerRecord<String, byte[]> record) {
        return Topics.DLQ.valueSerde().deserializer().deserialize(Topics.DLQ.name(), record.value());
    }

    private static String decode(DeadLetter letter) {
        return letter.valueBase64() == null ? "" : new String(Base64.getDecoder().decode(letter.valueBase64()), StandardCharsets.UTF_8);
    }
}
