package io.llmwatch.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one reading of a non-streamed chat completion, and the output-text rule it applies. */
class ChatCompletionsTest {

    @Test
    void textIsTheOutput() throws IOException {
        ChatReply reply = ChatCompletions.read(body("""
                {"model": "gpt-4.1-mini-2025-04-14", "choices": [{"index": 0, "finish_reason": "stop",
                  "message": {"role": "assistant", "content": "billing", "refusal": null}}],
                 "usage": {"prompt_tokens": 30, "completion_tokens": 2}}"""));

        assertThat(reply).isEqualTo(new ChatReply("gpt-4.1-mini-2025-04-14", "billing", "stop", Usage.of(30, 2), null, null));
    }

    @Test
    void oneToolCallIsItsArgumentsAsSent() {
        assertThat(OutputText.of(null, List.of("{\"city\": \"Paris\"}"), null)).isEqualTo("{\"city\": \"Paris\"}");
    }

    @Test
    void severalToolCallsAreOneJsonArrayAndComeBeforeText() throws IOException {
        ChatReply reply = ChatCompletions.read(body("""
                {"choices": [{"finish_reason": "tool_calls", "message": {"content": "Looking both up.", "tool_calls": [
                  {"id": "a", "type": "function", "function": {"name": "w", "arguments": "{\\"city\\": \\"Paris\\"}"}},
                  {"id": "b", "type": "function", "function": {"name": "w", "arguments": "not json"}},
                  {"id": "c", "type": "custom", "custom": {"name": "sql", "input": "[1, 2]"}}]}}]}"""));

        assertThat(reply.outputText()).isEqualTo("[{\"city\":\"Paris\"},\"not json\",[1,2]]");
        assertThat(reply.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void aRefusalIsKeptAndMarked() throws IOException {
        String output = ChatCompletions.read(body("""
                {"choices": [{"message": {"content": null, "refusal": "I can't help with that."}}]}""")).outputText();

        assertThat(output).isEqualTo("[refusal] I can't help with that.");
        assertThat(OutputText.isRefusal(output)).isTrue();
        assertThat(OutputText.isRefusal("I can't help with that.")).isFalse();
    }

    @Test
    void contentPartsAreJoined() throws IOException {
        assertThat(ChatCompletions.read(body("""
                {"choices": [{"message": {"content": [{"type": "text", "text": "bil"}, {"type": "text", "text": "ling"}]}}]}"""))
                .outputText()).isEqualTo("billing");
    }

    @Test
    void usageKeepsCachedCacheWrittenAndReasoningTokensAsBreakdownsOfTheTotals() throws IOException {
        JsonNode usage = body("""
                {"prompt_tokens": 100, "completion_tokens": 40,
                 "prompt_tokens_details": {"cached_tokens": 60, "cache_write_tokens": 20},
                 "completion_tokens_details": {"reasoning_tokens": 30}, "cost": 0.0012}""");

        assertThat(OpenAiUsage.of(usage)).isEqualTo(new Usage(100L, 40L, 60L, 20L, 30L));
        assertThat(OpenAiUsage.cost(usage).amount()).isEqualTo(0.0012);
        assertThat(OpenAiUsage.cost(usage).source()).isEqualTo(CostSource.PROVIDER);
    }

    @Test
    void breakdownsCountedOnTopOfTheTotalsAreLeftOut() throws IOException {
        assertThat(OpenAiUsage.of(body("""
                {"prompt_tokens": 10, "completion_tokens": 5, "prompt_tokens_details": {"cached_tokens": 60},
                 "completion_tokens_details": {"reasoning_tokens": 30}}""")))
                .isEqualTo(Usage.of(10, 5));
        assertThat(OpenAiUsage.of(body("{\"input_tokens\": 7, \"output_tokens\": 3}"))).isEqualTo(Usage.of(7, 3));
        assertThat(OpenAiUsage.of(body("{\"total_tokens\": 7}"))).isNull();
    }

    @Test
    void anErrorBodyNamesTheProvidersTypeAndMessage() throws IOException {
        assertThat(ChatCompletions.error(body("""
                {"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}"""), 429))
                .isEqualTo(new CallError("requests", "Rate limit reached"));
        assertThat(ChatCompletions.error(body("{\"error\": {\"code\": 400}}"), 400).type()).isEqualTo("400");
        assertThat(ChatCompletions.error(null, 502)).isEqualTo(new CallError("http_502", "the provider answered HTTP 502"));
    }

    @Test
    void parsingForAnAnswerRejectsBodiesWithoutOne() {
        assertThatThrownBy(() -> ChatCompletions.parse("<html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedResponseException.class).hasMessageStartingWith("a body that is not JSON");
        assertThatThrownBy(() -> ChatCompletions.parse("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("a body that is not a JSON object");
        assertThatThrownBy(() -> ChatCompletions.parse("{\"choices\": []}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("no choices[0].message");
    }

    private static JsonNode body(String json) throws IOException {
        return Json.mapper().readTree(json);
    }
}
