package io.llmwatch.sdk.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.openai.ChatCompletions;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.ChatStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adapter reads the OpenAI SDK's models by the same rules as the proxy and the replay clients:
 * a completion or a stream, as the SDK parsed it from the wire, gives what the wire JSON gives.
 */
class OpenAiCallsTest {

    private static final String COMPLETION = """
            {"id": "chatcmpl-1", "object": "chat.completion", "created": 1750000000, "model": "gpt-4.1-2025-04-14",
             "choices": [{"index": 0, "finish_reason": "tool_calls", "logprobs": null,
               "message": {"role": "assistant", "content": "Looking both up.", "refusal": null, "tool_calls": [
                 {"id": "a", "type": "function", "function": {"name": "w", "arguments": "{\\"city\\": \\"Paris\\"}"}},
                 {"id": "b", "type": "function", "function": {"name": "w", "arguments": "{\\"city\\": \\"Lyon\\"}"}}]}}],
             "usage": {"prompt_tokens": 100, "completion_tokens": 40, "total_tokens": 140,
               "prompt_tokens_details": {"cached_tokens": 60}, "completion_tokens_details": {"reasoning_tokens": 30}}}""";

    @Test
    void aCompletionReadsAsItsWireJson() throws IOException {
        ChatCompletion completion = ObjectMappers.jsonMapper().readValue(COMPLETION, ChatCompletion.class);

        ChatReply reply = OpenAiCalls.reply(completion);

        assertThat(reply).isEqualTo(ChatCompletions.read(Json.mapper().readTree(COMPLETION)));
        assertThat(reply.outputText()).isEqualTo("[{\"city\":\"Paris\"},{\"city\":\"Lyon\"}]");
        assertThat(reply.usage()).isEqualTo(new Usage(100L, 40L, 60L, null, 30L));
    }

    @Test
    void aStreamedRefusalIsKeptAsUnstreamed() throws IOException {
        ChatStream stream = new ChatStream();
        for (String chunk : List.of(
                "{\"id\": \"c\", \"object\": \"chat.completion.chunk\", \"created\": 1, \"model\": \"gpt-4.1\", \"choices\": ["
                        + "{\"index\": 0, \"delta\": {\"role\": \"assistant\", \"refusal\": \"I can't \"}, \"finish_reason\": null}]}",
                "{\"id\": \"c\", \"object\": \"chat.completion.chunk\", \"created\": 1, \"model\": \"gpt-4.1\", \"choices\": ["
                        + "{\"index\": 0, \"delta\": {\"refusal\": \"help.\"}, \"finish_reason\": \"stop\"}]}")) {
            stream.accept(OpenAiCalls.wire(ObjectMappers.jsonMapper().readValue(chunk, ChatCompletionChunk.class)));
        }

        assertThat(stream.result().outputText()).isEqualTo("[refusal] I can't help.");
        assertThat(stream.result().finishReason()).isEqualTo("stop");
    }
}
