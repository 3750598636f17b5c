package io.llmwatch.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.CallError;
import io.llmwatch.event.Usage;
import org.junit.jupiter.api.Test;

/** A stream adds up to what the same answer unstreamed reads as. */
class ChatStreamTest {

    @Test
    void textDeltasAddUpAndTheUsageOnlyChunkIsFlagged() {
        ChatStream stream = new ChatStream();

        assertThat(stream.accept("""
                {"model": "gpt-4.1", "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}""")).isFalse();
        assertThat(stream.hasContent()).isFalse();
        stream.accept("{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"bil\"}}]}");
        assertThat(stream.hasContent()).isTrue();
        stream.accept("{\"choices\": [{\"index\": 1, \"delta\": {\"content\": \"other choice\"}}]}");
        stream.accept("{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"ling\"}, \"finish_reason\": \"stop\"}]}");
        assertThat(stream.accept("{\"choices\": [], \"usage\": {\"prompt_tokens\": 9, \"completion_tokens\": 2}}")).isTrue();
        assertThat(stream.accept(ChatStream.DONE)).isFalse();
        assertThat(stream.accept(": keep-alive")).isFalse();

        assertThat(stream.result()).isEqualTo(new ChatReply("gpt-4.1", "billing", "stop", Usage.of(9, 2), null, null));
    }

    @Test
    void toolCallArgumentsAddUpPerIndexIntoTheSameOutputAsUnstreamed() {
        ChatStream stream = new ChatStream();
        stream.accept("""
                {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "a", "type": "function",
                  "function": {"name": "w", "arguments": "{\\"city\\""}}]}}]}""");
        stream.accept("""
                {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 1, "id": "b", "type": "function",
                  "function": {"name": "w", "arguments": "{\\"city\\": \\"Lyon\\"}"}}]}}]}""");
        stream.accept("""
                {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": ": \\"Paris\\"}"}}]},
                  "finish_reason": "tool_calls"}]}""");

        assertThat(stream.result().outputText()).isEqualTo("[{\"city\":\"Paris\"},{\"city\":\"Lyon\"}]");
        assertThat(stream.result().finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void aStreamedRefusalIsKeptAndMarked() {
        ChatStream stream = new ChatStream();
        stream.accept("{\"choices\": [{\"index\": 0, \"delta\": {\"refusal\": \"I can't \"}}]}");
        stream.accept("{\"choices\": [{\"index\": 0, \"delta\": {\"refusal\": \"help.\"}, \"finish_reason\": \"stop\"}]}");

        assertThat(stream.hasContent()).isTrue();
        assertThat(stream.result().outputText()).isEqualTo(OutputText.REFUSAL_MARK + "I can't help.");
    }

    @Test
    void anErrorEventIsTheReplysError() {
        ChatStream stream = new ChatStream();
        stream.accept("{\"error\": {\"type\": \"server_error\", \"message\": \"overloaded\"}}");

        assertThat(stream.result().error()).isEqualTo(new CallError("server_error", "overloaded"));
        assertThat(stream.result().outputText()).isNull();
    }
}
