package io.llmwatch.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ChatRequestBodyTest {

    @Test
    void readsModelAndStreamingAndAsksForUsageKeepingTheOtherStreamOptions() throws IOException {
        ObjectNode body = (ObjectNode) Json.mapper().readTree("""
                {"model": "gpt-4.1", "stream": true, "stream_options": {"include_obfuscation": false}}""");

        assertThat(ChatRequestBody.model(body)).isEqualTo("gpt-4.1");
        assertThat(ChatRequestBody.streams(body)).isTrue();
        assertThat(ChatRequestBody.asksForUsage(body)).isFalse();
        ObjectNode withUsage = ChatRequestBody.withUsage(body);
        assertThat(ChatRequestBody.asksForUsage(withUsage)).isTrue();
        assertThat(withUsage.path("stream_options").path("include_obfuscation").asBoolean(true)).isFalse();
        assertThat(ChatRequestBody.asksForUsage(body)).as("the caller's body is left as it was").isFalse();
        assertThat(ChatRequestBody.model(Json.mapper().createObjectNode().put("model", 4))).isNull();
        assertThat(ChatRequestBody.streams(null)).isFalse();
    }
}
