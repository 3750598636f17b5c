package io.llmwatch.collector.ingest;

import io.llmwatch.config.KafkaClientSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.collector.otlp.OtlpEndpoint;
import io.llmwatch.event.CallError;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.topic.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/traces} end to end: real HTTP server, real exporter, embedded broker. */
class CollectorServerOtlpTest {

    private static final Instant START = Instant.parse("2026-02-01T09:00:00Z");
    private static final long START_NS = TimeUnit.SECONDS.toNanos(START.getEpochSecond());

    private static EmbeddedKafka kafka;
    private static PrometheusMeterRegistry registry;
    private static CollectorServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = new CollectorServer(CollectorOptions.defaults(KafkaClientSettings.of(kafka.bootstrapServers())).withPort(0), registry);
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
    void spansExportedByTheOpenTelemetrySdkInJsonBecomeCallsAndEvaluations() {
        List<SpanData> spans = new CopyOnWriteArrayList<>();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.builder()
                        .put("service.name", "support-bot")
                        .put("deployment.environment.name", "test")
                        .build())))
                .addSpanProcessor(SimpleSpanProcessor.create(collecting(spans)))
                .build();
        Tracer tracer = provider.get("io.llmwatch.test");
        Span request = tracer.spanBuilder("POST /tickets/summarize").setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(START_NS - 1_000_000, TimeUnit.NANOSECONDS).startSpan();
        Span chat;
        Span failed;
        try (Scope ignored = request.makeCurrent()) {
            chat = tracer.spanBuilder("chat gpt-4.1").setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(START_NS, TimeUnit.NANOSECONDS)
                    .setAttribute("gen_ai.operation.name", "chat")
                    .setAttribute("gen_ai.provider.name", "openai")
                    .setAttribute("gen_ai.request.model", "gpt-4.1")
                    .setAttribute("gen_ai.request.temperature", 0.5)
                    .setAttribute("gen_ai.request.max_tokens", 256L)
                    .setAttribute("gen_ai.conversation.id", "conv-7")
                    .setAttribute("llmwatch.task_type", "summarize-ticket")
                    .setAttribute("gen_ai.input.messages",
                            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Summarize: disk full\"}]}]")
                    .startSpan();
            chat.setAttribute("gen_ai.response.model", "gpt-4.1-2025-04-14");
            chat.setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop"));
            chat.setAttribute("gen_ai.usage.input_tokens", 900L);
            chat.setAttribute("gen_ai.usage.output_tokens", 45L);
            chat.setAttribute("gen_ai.usage.cache_read.input_tokens", 512L);
            chat.setAttribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
                    + "\"content\":\"The disk is full.\"}],\"finish_reason\":\"stop\"}]");
            chat.addEvent("gen_ai.evaluation.result", Attributes.builder()
                    .put("gen_ai.evaluation.name", "quality")
                    .put("gen_ai.evaluation.score.value", 0.75)
                    .put("gen_ai.evaluation.score.label", "good")
                    .put("gen_ai.evaluation.explanation", "Short and right.")
                    .build(), START_NS + 2_000_000_000L, TimeUnit.NANOSECONDS);
            chat.end(START_NS + 812_500_000L, TimeUnit.NANOSECONDS);

            failed = tracer.spanBuilder("chat claude-haiku").setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(START_NS + 1_000_000_000L, TimeUnit.NANOSECONDS)
                    .setAttribute("gen_ai.system", "anthropic")
                    .setAttribute("gen_ai.request.model", "claude-haiku")
                    .setAttribute("gen_ai.usage.prompt_tokens", 120L)
                    .setAttribute("gen_ai.usage.completion_tokens", 0L)
                    .startSpan();
            failed.recordException(new IllegalStateException("upstream answered 503"));
            failed.setStatus(StatusCode.ERROR, "upstream answered 503");
            failed.end(START_NS + 1_250_000_000L, TimeUnit.NANOSECONDS);
        }
        request.end(START_NS + 2_000_000_000L, TimeUnit.NANOSECONDS);
        provider.close();
        double ignoredBefore = spanCount("ignored", "not_genai");

        SdkJsonSpanExporter exporter = new SdkJsonSpanExporter(http.uri(OtlpEndpoint.PATH).toString(),
                Map.of("X-LLMWatch-Task", "triage"));
        CompletableResultCode result = exporter.export(spans).join(60, TimeUnit.SECONDS);
        exporter.shutdown();

        assertThat(result.isSuccess()).as("export succeeded: %s", result.getFailureThrowable()).isTrue();
        String chatId = chat.getSpanContext().getTraceId() + ":" + chat.getSpanContext().getSpanId();
        String failedId = failed.getSpanContext().getTraceId() + ":" + failed.getSpanContext().getSpanId();
        Map<String, LlmCall> calls = calls(Set.of(chatId, failedId));
        assertThat(calls.get(chatId)).isEqualTo(new LlmCall(LlmCall.SCHEMA, chatId, START, "support-bot", "summarize-ticket",
                "test", chat.getSpanContext().getTraceId(), "conv-7", "openai", "chat", "gpt-4.1", "gpt-4.1-2025-04-14",
                json("""
                        {"model": "gpt-4.1", "messages": [{"role": "user", "content": "Summarize: disk full"}],
                         "temperature": 0.5, "max_tokens": 256}"""),
                "The disk is full.", "stop", new Usage(900L, 45L, 512L, null, null), 812.5, null, null, null,
                Map.of("otel.scope.name", "io.llmwatch.test"), null));
        assertThat(calls.get(failedId)).isEqualTo(new LlmCall(LlmCall.SCHEMA, failedId, START.plusSeconds(1), "support-bot",
                "triage", "test", failed.getSpanContext().getTraceId(), null, "anthropic", null, "claude-haiku", null,
                json("{\"model\": \"claude-haiku\"}"), null, null, new Usage(120L, 0L, null, null, null), 250.0, null, null,
                new CallError("java.lang.IllegalStateException", "upstream answered 503"),
                Map.of("otel.scope.name", "io.llmwatch.test"), null));
        Evaluation evaluation = Topics.EVALUATIONS.valueSerde().deserializer().deserialize(Topics.EVALUATIONS.name(),
                TopicReader.read(kafka.bootstrapServers(), Topics.EVALUATIONS.name(), r -> chatId.equals(r.key()), 1)
                        .get(0).value());
        assertThat(evaluation).isEqualTo(new Evaluation(Evaluation.SCHEMA, chatId, START.plusSeconds(2), "quality", 0.75,
                "good", "Short and right.", "otlp"));
        assertThat(spanCount("ignored", "not_genai") - ignoredBefore).as("the HTTP server span").isEqualTo(1);
    }

    @Test
    void theHandWrittenSpecExampleIsAcceptedGzippedAndReExportingItIsTheSameCall() throws IOException {
        byte[] body = gzip(resource("/otlp/genai-spans.json"));
        double agentsBefore = spanCount("ignored", "not_model_call");

        HttpResponse<String> first = postGzip(body);
        HttpResponse<String> second = postGzip(body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(second.body());
        JsonNode partial = Http.json(first).get("partialSuccess");
        // No span was rejected, but one evaluation was (a score of 4.0): said as a warning.
        assertThat(partial.get("rejectedSpans").asText()).isEqualTo("0");
        assertThat(partial.get("errorMessage").asText())
                .contains("5b8efff798038103d269b633813fc60c:eee19b7ec3c1b174 gen_ai.evaluation.result event 1")
                .contains("events[1].score must be between 0.0 and 1.0");
        assertThat(spanCount("ignored", "not_model_call") - agentsBefore).isEqualTo(4);

        String current = "5b8efff798038103d269b633813fc60c:eee19b7ec3c1b174";
        String deprecated = "0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331";
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(kafka.bootstrapServers(), Topics.CALLS.name(),
                r -> current.equals(r.key()) || deprecated.equals(r.key()), 4);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly(current, deprecated).hasSize(4);
        LlmCall once = call(records.stream().filter(r -> current.equals(r.key())).findFirst().orElseThrow());
        LlmCall twice = call(records.stream().filter(r -> current.equals(r.key())).skip(1).findFirst().orElseThrow());
        assertThat(twice).as("a re-export carries the same call, under the same call_id").isEqualTo(once);
        assertThat(once.usage()).isEqualTo(new Usage(1200L, 80L, 1000L, 100L, 16L));
        DeadLetter letter = deadLetter(current);
        assertThat(letter.sourceTopic()).isEqualTo("http:POST /v1/traces");
        assertThat(letter.reason()).isEqualTo("events[1].score must be between 0.0 and 1.0");
        assertThat(Json.mapper().readTree(Base64.getDecoder().decode(letter.valueBase64()))
                .at("/resourceSpans/0/scopeSpans/0/spans/0/spanId").asText()).isEqualTo("eee19b7ec3c1b174");
    }

    @Test
    void anInvalidSpanIsRejectedAsAPartialSuccessAndDeadLetteredWhileTheOthersArePublished() throws IOException {
        String good = UUID.randomUUID().toString().replace("-", "");
        String bad = UUID.randomUUID().toString().replace("-", "");
        String body = """
                {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "svc"}}]},
                  "scopeSpans": [{"spans": [%s, %s]}]}]}""".formatted(
                span(good, "{\"key\": \"gen_ai.usage.input_tokens\", \"value\": {\"intValue\": \"10\"}}"),
                span(bad, "{\"key\": \"gen_ai.usage.input_tokens\", \"value\": {\"stringValue\": \"ten\"}}"));
        double rejectedBefore = spanCount("rejected", "invalid");

        HttpResponse<String> response = http.post(OtlpEndpoint.PATH, body);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode partial = Http.json(response).get("partialSuccess");
        assertThat(partial.get("rejectedSpans").asText()).isEqualTo("1");
        assertThat(partial.get("errorMessage").asText()).isEqualTo("span " + bad + ":00f067aa0ba902b7: "
                + "gen_ai.usage.input_tokens must be an integer, not \"ten\"");
        assertThat(call(TopicReader.read(kafka.bootstrapServers(), Topics.CALLS.name(),
                r -> (good + ":00f067aa0ba902b7").equals(r.key()), 1).get(0)).usage().inputTokens()).isEqualTo(10);
        DeadLetter letter = deadLetter(bad + ":00f067aa0ba902b7");
        assertThat(letter.errors()).extracting(e -> e.field()).containsExactly("gen_ai.usage.input_tokens");
        JsonNode replayable = Json.mapper().readTree(Base64.getDecoder().decode(letter.valueBase64()));
        assertThat(replayable.at("/resourceSpans/0/resource/attributes/0/value/stringValue").asText()).isEqualTo("svc");
        assertThat(replayable.at("/resourceSpans/0/scopeSpans/0/spans")).hasSize(1);
        assertThat(spanCount("rejected", "invalid") - rejectedBefore).isEqualTo(1);
    }

    @Test
    void aBodyThatIsNotAnExportRequestIs400AndDeadLetteredWhole() {
        String marker = UUID.randomUUID().toString();
        String body = "{\"resourceSpans\": [ \"" + marker + "\"";

        HttpResponse<String> response = http.post(OtlpEndpoint.PATH, body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode status = Http.json(response);
        assertThat(status.get("code").asInt()).isEqualTo(3);
        assertThat(status.get("message").asText()).startsWith("not an OTLP ExportTraceServiceRequest in JSON: $ is not valid JSON");
        ConsumerRecord<String, byte[]> record = TopicReader.read(kafka.bootstrapServers(), Topics.DLQ.name(), r -> r.key() == null
                && new String(Base64.getDecoder().decode(deadLetter(r).valueBase64()), StandardCharsets.UTF_8).contains(marker), 1).get(0);
        assertThat(deadLetter(record).sourceTopic()).isEqualTo("http:POST /v1/traces");
    }

    @Test
    void protobufIsRefusedWith415SayingOnlyJsonIsSupported() {
        HttpResponse<String> response = http.post(OtlpEndpoint.PATH, new byte[] {0x0a, 0x00}, "application/x-protobuf");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(Http.json(response).get("message").asText())
                .contains("JSON encoding only").contains("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json");
    }

    @Test
    void anUnknownContentEncodingIs415AndBrokenGzipIs400() {
        HttpResponse<String> brotli = http.send(HttpRequest.newBuilder(http.uri(OtlpEndpoint.PATH))
                .header("Content-Type", "application/json").header("Content-Encoding", "br")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> broken = postGzip("{}".getBytes(StandardCharsets.UTF_8));

        assertThat(brotli.statusCode()).isEqualTo(415);
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(Http.json(broken).get("message").asText()).startsWith("the body is not valid gzip");
    }

    @Test
    void anEmptyExportIsAFullSuccess() {
        HttpResponse<String> response = http.post(OtlpEndpoint.PATH, "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
    }

    private static String span(String traceId, String usage) {
        return """
                {"traceId": "%s", "spanId": "00f067aa0ba902b7", "name": "chat",
                 "startTimeUnixNano": "1769936400000000000", "endTimeUnixNano": "1769936400500000000",
                 "attributes": [{"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                                {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4.1-mini"}}, %s]}"""
                .formatted(traceId, usage);
    }

    private static HttpResponse<String> postGzip(byte[] body) {
        return http.send(HttpRequest.newBuilder(http.uri(OtlpEndpoint.PATH))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static double spanCount(String outcome, String reason) {
        return registry.get("llmwatch.collector.otlp.spans").tag("outcome", outcome).tag("reason", reason).counter().count();
    }

    private static Map<String, LlmCall> calls(Set<String> callIds) {
        return TopicReader.read(kafka.bootstrapServers(), Topics.CALLS.name(), r -> callIds.contains(r.key()), callIds.size())
                .stream()
                .collect(java.util.stream.Collectors.toMap(ConsumerRecord::key, CollectorServerOtlpTest::call));
    }

    private static LlmCall call(ConsumerRecord<String, byte[]> record) {
        return Topics.CALLS.valueSerde().deserializer().deserialize(Topics.CALLS.name(), record.value());
    }

    private static DeadLetter deadLetter(String key) {
        return deadLetter(TopicReader.read(kafka.bootstrapServers(), Topics.DLQ.name(), r -> key.equals(r.key()), 1).get(0));
    }

    private static DeadLetter deadLetter(ConsumerRecord<String, byte[]> record) {
        return Topics.DLQ.valueSerde().deserializer().deserialize(Topics.DLQ.name(), record.value());
    }

    private static SpanExporter collecting(List<SpanData> spans) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> finished) {
                spans.addAll(finished);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = CollectorServerOtlpTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
