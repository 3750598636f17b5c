package io.llmwatch.collector.tether;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.CallError;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tether {@code llm_call} rows (OpenAI and Anthropic response shapes, failures) to calls, field by field. */
class TetherStepMapperTest {

    private static final TetherStepMapper FROM_RUNS = new TetherStepMapper(null, null);

    private static final String OPENAI_INPUTS = """
            {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Summarize: disk full"}],
             "temperature": 0.2, "max_tokens": 200}""";
    private static final String OPENAI_OUTPUTS = """
            {"id": "chatcmpl-9", "model": "gpt-4o-mini-2024-07-18",
             "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Disk is full."}}],
             "usage": {"prompt_tokens": 1500, "completion_tokens": 12, "total_tokens": 1512,
                       "prompt_tokens_details": {"cached_tokens": 1024},
                       "completion_tokens_details": {"reasoning_tokens": 0}}}""";

    @Test
    void anOpenAiStepMapsFieldByField() throws IOException {
        TetherStep step = new TetherStep("s-1", "r-1", 1L, "openai", "gpt-4o-mini", OPENAI_INPUTS, OPENAI_OUTPUTS,
                1500, 12, "0.000237", 842.5, null, "2026-03-01T10:00:00.123456+00:00", "2026-03-01T10:00:00.966+00:00",
                "summarize-ticket", "{\"app\": \"support\"}");

        LlmCall call = FROM_RUNS.map(step);

        assertThat(call).isEqualTo(new LlmCall(LlmCall.SCHEMA, "tether:r-1:s-1", Instant.parse("2026-03-01T10:00:00.123456Z"),
                "support", "summarize-ticket", "prod", "r-1", null, "openai", "chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18",
                Json.mapper().readTree(OPENAI_INPUTS), "Disk is full.", "stop", new Usage(1500L, 12L, 1024L, null, 0L),
                842.5, null, null, null,
                Map.of("tether.run_name", "summarize-ticket", "tether.cost_usd", "0.000237"), null));
    }

    @Test
    void anAnthropicStepCountsCachedTokensIntoInputAndTranslatesTheStopReason() {
        String outputs = """
                {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-20241022",
                 "content": [{"type": "text", "text": "Four"}, {"type": "text", "text": "."}],
                 "stop_reason": "max_tokens",
                 "usage": {"input_tokens": 20, "output_tokens": 3, "cache_read_input_tokens": 100,
                           "cache_creation_input_tokens": 50}}""";
        TetherStep step = new TetherStep("s-2", "r-1", 2L, "anthropic", "claude-3-5-haiku", "{\"max_tokens\": 3}",
                outputs, 20, 3, "1.2E-5", 300, null, "2026-03-01 10:00:05", "2026-03-01 10:00:05.300", "eda", "{}");

        LlmCall call = new TetherStepMapper("lab", "eda-titanic").map(step);

        assertThat(call.app()).isEqualTo("lab");
        assertThat(call.taskType()).isEqualTo("eda-titanic");
        assertThat(call.timestamp()).as("no offset: UTC").isEqualTo(Instant.parse("2026-03-01T10:00:05Z"));
        assertThat(call.usage()).isEqualTo(new Usage(170L, 3L, 100L, 50L, null));
        assertThat(call.outputText()).isEqualTo("Four.");
        assertThat(call.finishReason()).isEqualTo("length");
        assertThat(call.responseModel()).isEqualTo("claude-3-5-haiku-20241022");
        assertThat(call.latencyMs()).isEqualTo(300.0);
        assertThat(call.cost()).as("Tether's figure is not llmwatch's cost").isNull();
        assertThat(call.attributes()).containsEntry("tether.cost_usd", "0.000012");
    }

    @Test
    void aFailedStepIsAFailedCallWithTokenColumnsWhenThereIsNoResponse() {
        TetherStep step = new TetherStep("s-3", "r-2", 1L, "openai", "gpt-4o", OPENAI_INPUTS, null, 900, null, null, 30000.0,
                "{\"type\": \"APITimeoutError\", \"message\": \"Request timed out.\"}", "2026-03-01T11:00:00Z", null,
                "triage", null);

        LlmCall call = FROM_RUNS.map(step);

        assertThat(call.error()).isEqualTo(new CallError("APITimeoutError", "Request timed out."));
        assertThat(call.usage()).isEqualTo(new Usage(900L, null, null, null, null));
        assertThat(call.outputText()).isNull();
        assertThat(call.app()).isEqualTo(TetherStepMapper.DEFAULT_APP);
        assertThat(call.taskType()).isEqualTo("triage");
        assertThat(call.attributes()).doesNotContainKey("tether.cost_usd");
    }

    @Test
    void aPlainTextErrorIsKeptAsTheMessage() {
        TetherStep step = new TetherStep("s-4", "r-2", 2L, "openai", "gpt-4o", OPENAI_INPUTS, null, null, null, null, null,
                "connection reset", "2026-03-01T11:00:00Z", null, "triage", "{}");

        assertThat(FROM_RUNS.map(step).error()).isEqualTo(new CallError("error", "connection reset"));
    }

    @Test
    void aToolCallAnswerIsTheOutputText() {
        String outputs = """
                {"model": "gpt-4o", "choices": [{"finish_reason": "tool_calls", "message": {"content": null,
                  "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{\\"x\\": 1}"}}]}}]}""";
        TetherStep step = new TetherStep("s-5", "r-2", 3L, "openai", "gpt-4o", OPENAI_INPUTS, outputs, null, null, null, null,
                null, "2026-03-01T11:00:00Z", "2026-03-01T11:00:01Z", "triage", "{}");

        LlmCall call = FROM_RUNS.map(step);

        assertThat(call.outputText()).isEqualTo("{\"x\": 1}");
        assertThat(call.finishReason()).isEqualTo("tool_calls");
        assertThat(call.usage()).isNull();
    }

    @Test
    void errorsNameTheTetherColumn() {
        assertThat(errors(step("{not json", "2026-03-01T11:00:00Z", "3"))).extracting(FieldError::field).containsExactly("outputs");
        assertThat(errors(step(OPENAI_OUTPUTS, "yesterday", "3"))).containsExactly(
                new FieldError("created_at", "is not an ISO-8601 time: 'yesterday'"));
        assertThat(errors(step(OPENAI_OUTPUTS, "2026-03-01T11:00:00Z", "three"))).containsExactly(
                new FieldError("cost_usd", "must be a decimal number, not 'three'"));
        assertThat(errors(new TetherStep("s", "r", 1L, "openai", "m", null, null, "many", null, null, null, null,
                "2026-03-01T11:00:00Z", "2026-03-01T11:00:01Z", "t", null)))
                .containsExactly(new FieldError("input_tokens", "must be an integer, not many"));
        assertThat(errors(new TetherStep("s", "r", 1L, "openai", "m", null, null, null, null, null, null, null,
                "2026-03-01T11:00:00Z", "2026-03-01T11:00:01Z", null, null)))
                .containsExactly(new FieldError("task_type",
                        "is unknown: the run has no name and no metadata.task_type; pass --task"));
        assertThat(errors(new TetherStep("s", "r", 1L, "openai", null, null, null, null, null, null, null, null,
                "2026-03-01T11:00:00Z", "2026-03-01T11:00:01Z", "t", null)))
                .containsExactly(new FieldError("request_model", "is required"));
    }

    @Test
    void theRowIsDescribedByRunSequenceAndId() {
        assertThat(step(OPENAI_OUTPUTS, "2026-03-01T11:00:00Z", null).describe()).isEqualTo("run r-9 step 4 (id s-9)");
    }

    private static TetherStep step(String outputs, String createdAt, String cost) {
        return new TetherStep("s-9", "r-9", 4L, "openai", "gpt-4o", OPENAI_INPUTS, outputs, null, null, cost, null, null,
                createdAt, createdAt, "t", "{}");
    }

    private static List<FieldError> errors(TetherStep step) {
        try {
            FROM_RUNS.map(step);
        } catch (ValidationException e) {
            return e.errors();
        }
        throw new AssertionError("expected " + step + " to be rejected");
    }
}
