package io.llmwatch.collector.ingest;

import io.llmwatch.config.KafkaClientSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.llmwatch.collector.NodeScript;
import io.llmwatch.collector.auth.ApiKeys;
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
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/traces} end to end: real HTTP server, real exporter, embedded broker. */
class CollectorServerOtlpTest {

    /** The last release line that runs on Node 20 (0.300 and later need Node 22.15), pinned for repeatable runs. */
    private static final String[] NODE_OTLP_PACKAGES = {"@opentelemetry/exporter-trace-otlp-proto@0.223.1",
            "@opentelemetry/sdk-trace@2.12.1", "@opentelemetry/resources@2.12.1"};
    private static final Instant START = Instant.parse("2026-02-01T09:00:00Z");
    private static final long START_NS = TimeUnit.SECONDS.toNanos(START.getEpochSecond());

    private static EmbeddedKafka kafka;
    private static PrometheusMeterRegistry registry;
    private static CollectorServer server;
    private static Http http;
    private static ManagedChannel grpc;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        server = new CollectorServer(CollectorOptions.builder(KafkaClientSettings.of(kafka.bootstrapServers())).port(0)
                .eventTimes(CollectorServerTest.ARCHIVE).otlpGrpcPort(0).build(), registry);
        http = new Http(server.start());
        grpc = Grpc.newChannelBuilderForAddress("127.0.0.1", server.otlpGrpcPort().orElseThrow(),
                InsecureChannelCredentials.create()).build();
    }

    @AfterAll
    static void stop() {
        if (grpc != null) {
            grpc.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void spansExportedByTheOpenTelemetrySdkInJsonBecomeCallsAndEvaluations() {
        spansExportedByTheSdkBecomeCallsAndEvaluations(headers -> new SdkJsonSpanExporter(http.uri(OtlpEndpoint.PATH).toString(),
                headers));
    }

    @Test
    void spansExportedByTheOpenTelemetrySdkInProtobufBecomeTheSameCallsAndEvaluations() {
        // The SDK's public exporter, as OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf (its default) builds it.
        spansExportedByTheSdkBecomeCallsAndEvaluations(headers -> {
            OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
                    .setEndpoint(http.uri(OtlpEndpoint.PATH).toString())
                    .setCompression("gzip");
            headers.forEach(builder::addHeader);
            return builder.build();
        });
    }

    @Test
    void spansExportedOverGrpcByTheGeneratedStubBecomeTheSameCallsAndEvaluations() {
        // The SDK's own OTLP marshaller encodes the spans; grpc-java's generated TraceService stub
        // sends them, gzip-compressed, with the headers as metadata (OTEL_EXPORTER_OTLP_PROTOCOL=grpc).
        spansExportedByTheSdkBecomeCallsAndEvaluations(headers -> new GrpcStubSpanExporter(grpc, headers));
    }

    private void spansExportedByTheSdkBecomeCallsAndEvaluations(Function<Map<String, String>, SpanExporter> exporters) {
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

        SpanExporter exporter = exporters.apply(Map.of("X-LLMWatch-Task", "triage"));
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
    void aRequestWithoutContentTypeIsRefusedWith415NamingTheHeader() {
        // Before: read as JSON, so a protobuf body without the header was a 400 and a dead letter.
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri(OtlpEndpoint.PATH))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(Http.json(response).get("message").asText()).contains("Content-Type header")
                .contains("application/json").contains("application/x-protobuf").contains("the request has none");
    }

    @Test
    void aProtobufRequestOverTheItemLimitIs413InProtobufAndOverGrpcInvalidArgument() throws Exception {
        int limit = RequestLimits.DEFAULT.maxItems();
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i <= limit; i++) {
            scope.addSpans(io.opentelemetry.proto.trace.v1.Span.newBuilder().setName("chat"));
        }
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope)).build();
        double before = registry.get("llmwatch.collector.otlp.spans").counters().stream().mapToDouble(c -> c.count()).sum();

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(http.uri(OtlpEndpoint.PATH))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())), HttpResponse.BodyHandlers.ofByteArray());
        assertThatThrownBy(() -> TraceServiceGrpc.newBlockingStub(grpc).export(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("the export request holds " + (limit + 1) + " spans");
                });

        assertThat(response.statusCode()).isEqualTo(413);
        CodedInputStream status = CodedInputStream.newInstance(response.body());
        status.readTag();
        status.readInt32();
        status.readTag();
        assertThat(status.readString()).startsWith("the export request holds " + (limit + 1) + " spans");
        assertThat(registry.get("llmwatch.collector.otlp.spans").counters().stream().mapToDouble(c -> c.count()).sum())
                .as("no span was read").isEqualTo(before);
    }

    @Test
    void overGrpcABodyThatIsNotProtobufIsInvalidArgumentAndDeadLetteredByteForByte() {
        byte[] body = {0x0a, 0x10, 0x01, (byte) 0xff, 0x7f, (byte) 0x99};
        MethodDescriptor<byte[], byte[]> rawExport = TraceServiceGrpc.getExportMethod()
                .toBuilder(new RawBytes(), new RawBytes()).build();

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(grpc, rawExport, CallOptions.DEFAULT, body))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .startsWith("not an OTLP ExportTraceServiceRequest in protobuf: $ is not a protobuf");
                });
        ConsumerRecord<String, byte[]> record = TopicReader.read(kafka.bootstrapServers(), Topics.DLQ.name(), r -> r.key() == null
                && Arrays.equals(Base64.getDecoder().decode(deadLetter(r).valueBase64()), body), 1).get(0);
        assertThat(deadLetter(record).sourceTopic()).isEqualTo("grpc:opentelemetry.proto.collector.trace.v1.TraceService/Export");
    }

    @Test
    void overGrpcWithApiKeysAKeyIsRequiredInMetadataAsOnHttp() {
        try (CollectorServer secured = new CollectorServer(CollectorOptions.builder(KafkaClientSettings.of(kafka.bootstrapServers()))
                .port(0).otlpGrpcPort(0).eventTimes(CollectorServerTest.ARCHIVE)
                .apiKeys(ApiKeys.of(List.of("lw_grpc_test_key"))).build(), registry)) {
            secured.start();
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", secured.otlpGrpcPort().orElseThrow(),
                    InsecureChannelCredentials.create()).build();
            try {
                ExportTraceServiceRequest empty = ExportTraceServiceRequest.getDefaultInstance();
                assertThatThrownBy(() -> TraceServiceGrpc.newBlockingStub(channel).export(empty))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                                .isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED));
                Metadata bearer = new Metadata();
                bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer lw_grpc_test_key");
                assertThat(TraceServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer)).export(empty).hasPartialSuccess())
                        .isFalse();
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void anotherContentTypeIsRefusedWith415NamingBothEncodings() {
        HttpResponse<String> response = http.post(OtlpEndpoint.PATH, new byte[] {0x0a, 0x00}, "application/grpc");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(Http.json(response).get("message").asText())
                .contains("application/json").contains("application/x-protobuf").contains("not 'application/grpc'");
    }

    @Test
    void aBodyThatIsNotProtobufIs400WithAProtobufStatusAndDeadLetteredByteForByte() throws Exception {
        // Field 1 (resourceSpans) announced 16 bytes long, followed by 3: truncated.
        byte[] body = {0x0a, 0x10, 0x01, (byte) 0xff, 0x7f};
        double before = registry.get("llmwatch.collector.otlp.spans").counters().stream().mapToDouble(c -> c.count()).sum();

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(http.uri(OtlpEndpoint.PATH))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        CodedInputStream status = CodedInputStream.newInstance(response.body());
        assertThat(status.readTag()).isEqualTo(1 << 3);
        assertThat(status.readInt32()).as("INVALID_ARGUMENT").isEqualTo(3);
        assertThat(status.readTag()).isEqualTo(2 << 3 | 2);
        assertThat(status.readString()).startsWith("not an OTLP ExportTraceServiceRequest in protobuf: $ is not a protobuf");
        ConsumerRecord<String, byte[]> record = TopicReader.read(kafka.bootstrapServers(), Topics.DLQ.name(), r -> r.key() == null
                && Arrays.equals(Base64.getDecoder().decode(deadLetter(r).valueBase64()), body), 1).get(0);
        assertThat(deadLetter(record).sourceTopic()).isEqualTo("http:POST /v1/traces");
        assertThat(registry.get("llmwatch.collector.otlp.spans").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(before);
    }

    @Test
    void anInvalidProtobufSpanIsAPartialSuccessInProtobufAndDeadLetteredAsOtlpJson() throws Exception {
        byte[] traceId = new byte[16];
        new java.util.Random().nextBytes(traceId);
        String hexTraceId = HexFormat.of().formatHex(traceId);
        byte[] spanId = HexFormat.of().parseHex("00f067aa0ba902b7");
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(
                        io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                .setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(spanId))
                                .setName("chat").setStartTimeUnixNano(START_NS).setEndTimeUnixNano(START_NS + 500_000_000L)
                                .addAttributes(attribute("gen_ai.operation.name", "chat"))
                                .addAttributes(attribute("gen_ai.request.model", "gpt-4.1-mini"))
                                .addAttributes(attribute("gen_ai.usage.input_tokens", "ten")))))
                .build();

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(http.uri(OtlpEndpoint.PATH))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(response.body());
        assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(answer.getPartialSuccess().getErrorMessage()).isEqualTo("span " + hexTraceId + ":00f067aa0ba902b7: "
                + "gen_ai.usage.input_tokens must be an integer, not \"ten\"");
        DeadLetter letter = deadLetter(hexTraceId + ":00f067aa0ba902b7");
        JsonNode replayable = Json.mapper().readTree(Base64.getDecoder().decode(letter.valueBase64()));
        assertThat(replayable.at("/resourceSpans/0/scopeSpans/0/spans/0/traceId").asText()).isEqualTo(hexTraceId);
        assertThat(replayable.at("/resourceSpans/0/scopeSpans/0/spans/0/attributes/2/value/stringValue").asText())
                .isEqualTo("ten");
    }

    @Test
    void spansExportedByTheNodeProtobufExporterBecomeCalls() throws Exception {
        NodeScript node = NodeScript.with("node-otlp-fixture", "OpenTelemetry Node protobuf exporter", NODE_OTLP_PACKAGES);
        String task = "node-otlp-" + UUID.randomUUID();

        NodeScript.Result result = node.run("export-proto.mjs", """
                import {TracerProvider, InMemorySpanExporter, SimpleSpanProcessor} from '@opentelemetry/sdk-trace';
                import {resourceFromAttributes} from '@opentelemetry/resources';
                import {OTLPTraceExporter} from '@opentelemetry/exporter-trace-otlp-proto';
                const memory = new InMemorySpanExporter();
                const provider = new TracerProvider({
                  resource: resourceFromAttributes({'service.name': 'node-bot'}),
                  spanProcessors: [new SimpleSpanProcessor({exporter: memory})],
                });
                const span = provider.getTracer('node-test').startSpan('chat gpt-4.1-mini', {kind: 2, attributes: {
                  'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4.1-mini',
                  'gen_ai.usage.input_tokens': 31, 'gen_ai.usage.output_tokens': 9,
                  'gen_ai.usage.cache_read.input_tokens': 16,
                  'gen_ai.response.finish_reasons': ['stop'],
                }});
                span.end();
                await provider.forceFlush();
                const exporter = new OTLPTraceExporter({url: process.env.OTLP_URL, compression: 'gzip',
                  headers: {'X-LLMWatch-Task': process.env.TASK}});
                const code = await new Promise(resolve => exporter.export(memory.getFinishedSpans(), resolve));
                await exporter.shutdown();
                const context = span.spanContext();
                console.log(JSON.stringify({code: code.code, error: String(code.error ?? ''),
                  id: context.traceId + ':' + context.spanId}));
                """, Map.of("OTLP_URL", http.uri(OtlpEndpoint.PATH).toString(), "TASK", task));

        assertThat(result.exit()).as(result.output()).isZero();
        JsonNode seen = Json.mapper().readTree(result.stdout());
        assertThat(seen.get("code").asInt()).as("ExportResultCode.SUCCESS: %s", seen.get("error")).isZero();
        LlmCall call = calls(Set.of(seen.get("id").asText())).get(seen.get("id").asText());
        assertThat(call.app()).isEqualTo("node-bot");
        assertThat(call.taskType()).isEqualTo(task);
        assertThat(call.requestModel()).isEqualTo("gpt-4.1-mini");
        assertThat(call.finishReason()).isEqualTo("stop");
        assertThat(call.usage()).isEqualTo(new Usage(31L, 9L, 16L, null, null));
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
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

    /** A message as its bytes, to send what no generated stub would. */
    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {

        @Override
        public InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
