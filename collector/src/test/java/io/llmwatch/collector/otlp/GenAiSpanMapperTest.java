package io.llmwatch.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Field-by-field mapping of OTLP/JSON GenAI spans, written by hand after the OTLP/JSON encoding and
 * the GenAI semantic conventions (test resource {@code otlp/genai-spans.json}): one span with the
 * current attribute names, one with the deprecated names and per-message events, and three spans
 * that are not model calls.
 */
class GenAiSpanMapperTest {

    private static final GenAiSpanMapper MAPPER = new GenAiSpanMapper(OtlpMapping.defaults());

    @Test
    void theResourceHoldsFiveSpans() throws IOException {
        assertThat(spans()).hasSize(5);
    }

    @Test
    void aSpanWithCurrentAttributeNamesMapsFieldByField() throws IOException {
        SpanMapping.Call mapped = (SpanMapping.Call) MAPPER.map(span(0), RequestDefaults.NONE);
        LlmCall call = mapped.call();

        assertThat(call.schema()).isEqualTo(LlmCall.SCHEMA);
        assertThat(call.callId()).isEqualTo("5b8efff798038103d269b633813fc60c:eee19b7ec3c1b174");
        assertThat(call.timestamp()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(call.app()).isEqualTo("support-bot");
        assertThat(call.taskType()).isEqualTo("summarize-ticket");
        assertThat(call.environment()).isEqualTo("staging");
        assertThat(call.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(call.sessionId()).isEqualTo("conv-42");
        assertThat(call.provider()).isEqualTo("openai");
        assertThat(call.operation()).isEqualTo("chat");
        assertThat(call.requestModel()).isEqualTo("gpt-4.1");
        assertThat(call.responseModel()).isEqualTo("gpt-4.1-2025-04-14");
        assertThat(normalized(call.request())).isEqualTo(json("""
                {
                  "model": "gpt-4.1",
                  "messages": [
                    {"role": "system", "content": "You are a support assistant."},
                    {"role": "user", "content": "Summarize ticket #4711: printer on fire."},
                    {"role": "assistant", "tool_calls": [
                      {"id": "call_1", "type": "function", "function": {"name": "get_ticket", "arguments": "{\\"id\\":4711}"}}]},
                    {"role": "tool", "content": "Printer on floor 3 is on fire.", "tool_call_id": "call_1"}
                  ],
                  "temperature": 0.2,
                  "top_p": 0.9,
                  "max_tokens": 512,
                  "seed": 7,
                  "stop": ["END"],
                  "stream": false,
                  "response_format": {"type": "json_object"},
                  "tools": [{"type": "function", "function": {"name": "get_ticket", "description": "Loads a ticket",
                    "parameters": {"type": "object", "properties": {"id": {"type": "integer"}}}}}]
                }"""));
        assertThat(call.outputText()).isEqualTo("{\"summary\": \"Printer fire on floor 3\"}");
        assertThat(call.finishReason()).isEqualTo("stop");
        assertThat(call.usage()).isEqualTo(new Usage(1200L, 80L, 1000L, 100L, 16L));
        assertThat(call.latencyMs()).isEqualTo(1250.0);
        assertThat(call.timeToFirstTokenMs()).isEqualTo(350.0);
        assertThat(call.cost()).isNull();
        assertThat(call.error()).isNull();
        assertThat(call.attributes()).isEqualTo(Map.of(
                "gen_ai.response.id", "chatcmpl-123",
                "server.address", "api.openai.com",
                "service.version", "1.4.2",
                "otel.scope.name", "opentelemetry.instrumentation.openai_v2",
                "tenant", "acme",
                "prompt_version", "v3"));
        assertThat(call.reference()).isNull();
    }

    @Test
    void evaluationEventsBecomeEvaluationsOfTheCall() throws IOException {
        SpanMapping.Call mapped = (SpanMapping.Call) MAPPER.map(span(0), RequestDefaults.NONE);

        assertThat(mapped.evaluations()).containsExactly(new Evaluation(Evaluation.SCHEMA,
                "5b8efff798038103d269b633813fc60c:eee19b7ec3c1b174", Instant.parse("2026-01-01T10:00:05Z"),
                "correctness", 0.9, "correct", "Matches the ticket.", "otlp"));
        // A score on another scale than 0..1 is refused, not rescaled by guesswork.
        assertThat(mapped.rejectedEvaluations()).containsExactly(new SpanMapping.RejectedEvaluation(1,
                List.of(new FieldError("score", "must be between 0.0 and 1.0"))));
        // The third evaluation reports that the evaluator itself failed: nothing to record.
        assertThat(mapped.failedEvaluations()).isEqualTo(1);
    }

    @Test
    void aSpanWithDeprecatedNamesAndPerMessageEventsMapsFieldByField() throws IOException {
        LlmCall call = ((SpanMapping.Call) MAPPER.map(span(4), RequestDefaults.NONE)).call();

        assertThat(call.callId()).isEqualTo("0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331");
        assertThat(call.timestamp()).isEqualTo(Instant.parse("2026-01-01T10:01:40Z"));
        assertThat(call.app()).isEqualTo("legacy-bot");
        assertThat(call.taskType()).as("no task named anywhere: the operation").isEqualTo("chat");
        assertThat(call.environment()).isEqualTo("prod");
        assertThat(call.sessionId()).isEqualTo("sess-9");
        assertThat(call.provider()).as("from gen_ai.system").isEqualTo("anthropic");
        assertThat(call.requestModel()).isEqualTo("claude-sonnet-4");
        assertThat(call.responseModel()).isNull();
        assertThat(call.usage()).as("from gen_ai.usage.prompt_tokens / completion_tokens")
                .isEqualTo(new Usage(300L, 40L, null, null, null));
        assertThat(normalized(call.request())).isEqualTo(json("""
                {"model": "claude-sonnet-4", "messages": [
                  {"role": "system", "content": "Be brief."},
                  {"role": "user", "content": "What is 2+2?"}]}"""));
        assertThat(call.outputText()).isEqualTo("It is");
        assertThat(call.finishReason()).isEqualTo("length");
        assertThat(call.latencyMs()).isEqualTo(500.0);
        assertThat(call.error()).isEqualTo(new CallError("overloaded_error", "Overloaded"));
        assertThat(call.attributes()).isEqualTo(Map.of("otel.scope.name", "azure.ai.inference"));
    }

    @Test
    void spansThatAreNotModelCallsAreIgnoredWithTheirReason() throws IOException {
        assertThat(MAPPER.map(span(1), RequestDefaults.NONE))
                .isEqualTo(new SpanMapping.Ignored(SpanMapping.Reason.NOT_GENAI));
        assertThat(MAPPER.map(span(2), RequestDefaults.NONE)).as("invoke_agent")
                .isEqualTo(new SpanMapping.Ignored(SpanMapping.Reason.NOT_MODEL_CALL));
        assertThat(MAPPER.map(span(3), RequestDefaults.NONE)).as("execute_tool")
                .isEqualTo(new SpanMapping.Ignored(SpanMapping.Reason.NOT_MODEL_CALL));
    }

    @Test
    void headerDefaultsComeBeforeServiceNameAndOperationButAfterLlmwatchAttributes() throws IOException {
        RequestDefaults headers = new RequestDefaults("chat-app", "qa");

        LlmCall deprecated = ((SpanMapping.Call) MAPPER.map(span(4), headers)).call();
        assertThat(deprecated.app()).isEqualTo("chat-app");
        assertThat(deprecated.taskType()).isEqualTo("qa");

        LlmCall current = ((SpanMapping.Call) MAPPER.map(span(0), headers)).call();
        assertThat(current.app()).isEqualTo("chat-app");
        assertThat(current.taskType()).as("llmwatch.task_type on the span wins").isEqualTo("summarize-ticket");
    }

    @Test
    void aConfiguredDefaultTaskTypeReplacesTheOperationName() throws IOException {
        LlmCall call = ((SpanMapping.Call) new GenAiSpanMapper(new OtlpMapping("general"))
                .map(span(4), RequestDefaults.NONE)).call();

        assertThat(call.taskType()).isEqualTo("general");
    }

    @Test
    void promptNameIsTheTaskTypeWhenNoneIsConfigured() {
        LlmCall call = mapOne("""
                {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4.1-mini"}},
                {"key": "gen_ai.prompt.name", "value": {"stringValue": "classify-intent"}}""");

        assertThat(call.taskType()).isEqualTo("classify-intent");
        assertThat(call.attributes()).containsEntry("gen_ai.prompt.name", "classify-intent");
    }

    @Test
    void contentFromTheInferenceDetailsEventIsUsedWhenTheSpanHasNone() {
        RawSpan raw = raw("""
                {"traceId": "0123456789abcdef0123456789abcdef", "spanId": "0123456789abcdef",
                 "startTimeUnixNano": "1767261600000000000",
                 "attributes": [
                   {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                   {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4.1-mini"}}],
                 "events": [{"name": "gen_ai.client.inference.operation.details", "timeUnixNano": "1767261600000000001",
                   "attributes": [
                     {"key": "gen_ai.input.messages", "value": {"stringValue": "[{\\"role\\":\\"user\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"hi\\"}]}]"}},
                     {"key": "gen_ai.output.messages", "value": {"stringValue": "[{\\"role\\":\\"assistant\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"hello\\"}],\\"finish_reason\\":\\"stop\\"}]"}}]}]}
                """, "svc");
        LlmCall call = ((SpanMapping.Call) MAPPER.map(OtlpSpan.from(raw), RequestDefaults.NONE)).call();

        assertThat(call.request().get("messages")).isEqualTo(json("[{\"role\": \"user\", \"content\": \"hi\"}]"));
        assertThat(call.outputText()).isEqualTo("hello");
        assertThat(call.finishReason()).isEqualTo("stop");
        assertThat(call.latencyMs()).as("no end time").isNull();
    }

    @Test
    void outputToolCallsAreTheOutputTextWhenThereIsNoText() {
        LlmCall call = mapOne("""
                {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4.1"}},
                {"key": "gen_ai.output.messages", "value": {"stringValue": "[{\\"role\\":\\"assistant\\",\\"parts\\":[{\\"type\\":\\"tool_call\\",\\"id\\":\\"c1\\",\\"name\\":\\"lookup\\",\\"arguments\\":{\\"q\\":\\"x\\"}}],\\"finish_reason\\":\\"tool_call\\"}]"}}""");

        assertThat(call.outputText()).isEqualTo("{\"q\":\"x\"}");
        assertThat(call.finishReason()).isEqualTo("tool_call");
    }

    @Test
    void anAttributeOfTheWrongTypeRejectsTheSpanNamingTheAttribute() {
        assertThatThrownBy(() -> mapOne("""
                {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4.1"}},
                {"key": "gen_ai.usage.input_tokens", "value": {"stringValue": "many"}}"""))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("gen_ai.usage.input_tokens"));
    }

    @Test
    void aModelCallThatIsNotAValidCallIsRejectedNamingTheField() {
        assertThatThrownBy(() -> mapOne("""
                {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                {"key": "gen_ai.provider.name", "value": {"stringValue": "openai"}}"""))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("request_model", "is required")));
        assertThatThrownBy(() -> mapOne("""
                {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4.1"}},
                {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "-3"}}"""))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).contains("usage.input_tokens"));
    }

    @Test
    void malformedIdsAndTimesRejectTheSpanNamingTheOtlpField() {
        assertThatThrownBy(() -> OtlpSpan.from(raw("""
                {"traceId": "W47/95gDgQPSabYzgT/GDA==", "spanId": "0123456789abcdef", "startTimeUnixNano": "1"}""", "svc")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("traceId"));
        assertThatThrownBy(() -> OtlpSpan.from(raw("""
                {"traceId": "0123456789abcdef0123456789abcdef", "spanId": "0123456789abcdef", "startTimeUnixNano": "soon"}""", "svc")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("startTimeUnixNano"));
    }

    @Test
    void aBodyThatIsNotAnExportRequestIsRefusedAsAWhole() {
        assertThatThrownBy(() -> TraceRequestReader.read("{\"resourceSpans\": {}}".getBytes(StandardCharsets.UTF_8)).spans())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("resourceSpans", "must be an array")));
        assertThatThrownBy(() -> TraceRequestReader.read("{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8)).spans())
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("$ is not valid JSON");
        assertThat(TraceRequestReader.read("{}".getBytes(StandardCharsets.UTF_8)).spans()).isEmpty();
    }

    private static LlmCall mapOne(String attributes) {
        RawSpan raw = raw("""
                {"traceId": "0123456789abcdef0123456789abcdef", "spanId": "0123456789abcdef",
                 "startTimeUnixNano": "1767261600000000000", "endTimeUnixNano": "1767261600100000000",
                 "attributes": [%s]}""".formatted(attributes), "svc");
        return ((SpanMapping.Call) MAPPER.map(OtlpSpan.from(raw), RequestDefaults.NONE)).call();
    }

    private static RawSpan raw(String span, String service) {
        JsonNode resource = json("{\"attributes\": [{\"key\": \"service.name\", \"value\": {\"stringValue\": \"" + service + "\"}}]}");
        return new RawSpan(resource, null, json(span));
    }

    static byte[] resource() throws IOException {
        try (InputStream in = GenAiSpanMapperTest.class.getResourceAsStream("/otlp/genai-spans.json")) {
            return in.readAllBytes();
        }
    }

    private static List<RawSpan> spans() throws IOException {
        return TraceRequestReader.read(resource()).spans();
    }

    private static OtlpSpan span(int index) throws IOException {
        return OtlpSpan.from(spans().get(index));
    }

    /** Numbers compared by value, not by the Java type Jackson happened to build them with. */
    private static JsonNode normalized(JsonNode node) {
        return json(node.toString());
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
