package io.llmwatch.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.openai.ChatReply;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesStreamTest {

    @Test
    void aStreamedToolCallReadsAsTheSameMessageUnstreamed() throws Exception {
        ChatReply unstreamed = Messages.read(Json.mapper().readTree("""
                {"type": "message", "model": "claude-sonnet-4-6", "stop_reason": "tool_use",
                 "content": [{"type": "text", "text": "Looking it up."},
                             {"type": "tool_use", "id": "toolu_1", "name": "weather", "input": {"city": "Oslo"}}],
                 "usage": {"input_tokens": 5, "cache_read_input_tokens": 100, "output_tokens": 12}}"""));
        MessagesStream stream = new MessagesStream();
        for (String data : List.of(
                "{\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-6\",\"content\":[],"
                        + "\"usage\":{\"input_tokens\":5,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Looking it up.\"}}",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                        + "\"name\":\"weather\",\"input\":{}}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\"\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\": \\\"Oslo\\\"}\"}}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":12}}",
                "{\"type\":\"message_stop\"}")) {
            assertThat(stream.accept(data)).as("every event reaches the caller").isFalse();
        }

        ChatReply streamed = stream.result();

        assertThat(Json.mapper().readTree(streamed.outputText())).isEqualTo(Json.mapper().readTree("{\"city\": \"Oslo\"}"));
        assertThat(Json.mapper().readTree(unstreamed.outputText())).isEqualTo(Json.mapper().readTree(streamed.outputText()));
        assertThat(streamed.finishReason()).isEqualTo(unstreamed.finishReason()).isEqualTo("tool_use");
        assertThat(streamed.usage()).isEqualTo(unstreamed.usage()).isEqualTo(new Usage(105L, 12L, 100L, null, null));
        assertThat(streamed.responseModel()).isEqualTo("claude-sonnet-4-6");
        assertThat(stream.hasContent()).isTrue();
    }

    @Test
    void anErrorEventIsTheCallsError() {
        MessagesStream stream = new MessagesStream();

        stream.accept("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");

        assertThat(stream.result().error().type()).isEqualTo("overloaded_error");
        assertThat(stream.result().usage()).isNull();
    }
}
