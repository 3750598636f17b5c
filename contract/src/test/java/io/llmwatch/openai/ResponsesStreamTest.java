package io.llmwatch.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesStreamTest {

    private static final String COMPLETED = """
            {"type": "response.completed", "sequence_number": 4, "response": {"id": "resp_1", "status": "completed",
             "model": "o4-mini-2025-04-16",
             "output": [{"type": "reasoning", "id": "rs_1", "summary": []},
                        {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "weather", "arguments": "{\\"city\\":\\"Oslo\\"}"}],
             "usage": {"input_tokens": 40, "input_tokens_details": {"cached_tokens": 32},
                       "output_tokens": 90, "output_tokens_details": {"reasoning_tokens": 64}}}}""";

    @Test
    void aStreamedFunctionCallReadsAsTheCompletedResponseAndMarksTheFirstToken() throws Exception {
        ResponsesStream stream = new ResponsesStream();
        assertThat(stream.accept("{\"type\":\"response.created\",\"response\":{\"model\":\"o4-mini-2025-04-16\",\"output\":[]}}"))
                .isFalse();
        assertThat(stream.hasContent()).isFalse();
        stream.accept("{\"type\":\"response.function_call_arguments.delta\",\"output_index\":1,\"delta\":\"{\\\"city\\\"\"}");
        assertThat(stream.hasContent()).isTrue();
        stream.accept("{\"type\":\"response.function_call_arguments.delta\",\"output_index\":1,\"delta\":\":\\\"Oslo\\\"}\"}");
        stream.accept(COMPLETED);

        ChatReply reply = stream.result();

        assertThat(reply).isEqualTo(Responses.read(Json.mapper().readTree(COMPLETED).get("response")));
        assertThat(reply.outputText()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(reply.finishReason()).isEqualTo("completed");
        assertThat(reply.usage()).isEqualTo(new Usage(40L, 90L, 32L, null, 64L));
    }

    @Test
    void aStreamThatBreaksOffBeforeItsEndKeepsTheTextSoFar() {
        ResponsesStream stream = new ResponsesStream();
        for (String piece : List.of("Reset", " the")) {
            stream.accept("{\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"" + piece + "\"}");
        }

        assertThat(stream.result().outputText()).isEqualTo("Reset the");
        assertThat(stream.result().usage()).isNull();
    }

    @Test
    void anErrorEventAndARefusalAreRead() {
        ResponsesStream stream = new ResponsesStream();
        stream.accept("{\"type\":\"response.refusal.delta\",\"output_index\":0,\"delta\":\"I can't help with that.\"}");
        stream.accept("{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"The server had an error\"}");

        ChatReply reply = stream.result();

        assertThat(reply.outputText()).isEqualTo(OutputText.REFUSAL_MARK + "I can't help with that.");
        assertThat(reply.error().type()).isEqualTo("server_error");
        assertThat(reply.error().message()).isEqualTo("The server had an error");
    }
}
