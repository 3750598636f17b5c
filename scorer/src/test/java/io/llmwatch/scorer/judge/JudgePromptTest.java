package io.llmwatch.scorer.judge;

import static io.llmwatch.scorer.judge.Inputs.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import org.junit.jupiter.api.Test;

class JudgePromptTest {

    @Test
    void a_long_conversation_keeps_the_system_message_and_the_latest_turns() {
        ObjectNode request = Json.mapper().createObjectNode();
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are a support agent.");
        for (int i = 0; i < 40; i++) {
            messages.addObject().put("role", i % 2 == 0 ? "user" : "assistant").put("content", "turn " + i + " " + "x".repeat(500));
        }
        messages.addObject().put("role", "user").put("content", "What is my refund status?");
        String task = JudgePrompt.task(request);
        assertThat(task.length()).isLessThanOrEqualTo(JudgePrompt.MAX_TASK_CHARS + 100);
        assertThat(task).startsWith("[system]\nYou are a support agent.");
        assertThat(task).endsWith("[user]\nWhat is my refund status?");
        assertThat(task).contains("earlier messages omitted").doesNotContain("turn 0 ");
        assertThat(task).contains("turn 39 ");
    }

    @Test
    void long_messages_keep_head_and_tail() {
        String text = "HEAD" + "y".repeat(10_000) + "TAIL";
        String truncated = JudgePrompt.truncated(text, 1_000);
        assertThat(truncated).startsWith("HEAD").endsWith("TAIL").contains("characters omitted");
        assertThat(truncated.length()).isLessThan(1_100);
        assertThat(JudgePrompt.truncated("short", 1_000)).isEqualTo("short");
    }

    @Test
    void content_parts_tool_calls_and_tools_are_shown() {
        String task = JudgePrompt.task(json("""
                {"messages": [
                  {"role": "user", "content": [{"type": "text", "text": "What is in this picture?"}, {"type": "image_url"}]},
                  {"role": "assistant", "content": null,
                   "tool_calls": [{"function": {"name": "lookup", "arguments": "{\\"id\\": 7}"}}]}],
                 "tools": [{"type": "function", "function": {"name": "lookup"}}]}"""));
        assertThat(task).contains("What is in this picture?\n[image_url]", "[tool call] lookup {\"id\": 7}",
                "[tools the model could call: lookup]");
        assertThat(JudgePrompt.task(null)).contains("no messages");
    }
}
