package io.llmwatch.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ChatTranslationTest {

    @Test
    void aResponsesRequestOfTextToolsAndAJsonSchemaTranslatesWithoutLoss() {
        ChatTranslation.Translated translated = ChatTranslation.toChat(ProviderApi.RESPONSES, json("""
                {"model": "gpt-5-mini", "instructions": "Extract the order.", "store": false,
                 "input": [{"role": "user", "content": [{"type": "input_text", "text": "Order 42, two mugs."}]},
                           {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Noted."}]}],
                 "max_output_tokens": 300, "temperature": 0,
                 "tools": [{"type": "function", "name": "lookup", "description": "Find an order",
                            "parameters": {"type": "object"}, "strict": true}],
                 "tool_choice": "auto",
                 "text": {"format": {"type": "json_schema", "name": "order", "schema": {"type": "object"}, "strict": true}}}"""));

        assertThat(translated.losses()).isEmpty();
        assertThat(translated.body()).isEqualTo(json("""
                {"model": "gpt-5-mini",
                 "messages": [{"role": "system", "content": "Extract the order."},
                              {"role": "user", "content": "Order 42, two mugs."},
                              {"role": "assistant", "content": "Noted."}],
                 "max_completion_tokens": 300, "temperature": 0,
                 "tools": [{"type": "function", "function": {"name": "lookup", "description": "Find an order",
                            "parameters": {"type": "object"}, "strict": true}}],
                 "tool_choice": "auto",
                 "response_format": {"type": "json_schema",
                                     "json_schema": {"name": "order", "schema": {"type": "object"}, "strict": true}}}"""));
    }

    @Test
    void aMessagesRequestOfTextAndToolsTranslatesWithoutLoss() {
        ChatTranslation.Translated translated = ChatTranslation.toChat(ProviderApi.ANTHROPIC_MESSAGES, json("""
                {"model": "claude-haiku-4-5", "max_tokens": 200, "stop_sequences": ["END"],
                 "system": [{"type": "text", "text": "Label the ticket."}],
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "Charged twice."}]}],
                 "tools": [{"name": "label", "input_schema": {"type": "object"}}],
                 "tool_choice": {"type": "tool", "name": "label", "disable_parallel_tool_use": true}}"""));

        assertThat(translated.losses()).isEmpty();
        assertThat(translated.body()).isEqualTo(json("""
                {"model": "claude-haiku-4-5",
                 "messages": [{"role": "system", "content": "Label the ticket."},
                              {"role": "user", "content": "Charged twice."}],
                 "max_tokens": 200, "stop": ["END"],
                 "tools": [{"type": "function", "function": {"name": "label", "parameters": {"type": "object"}}}],
                 "tool_choice": {"type": "function", "function": {"name": "label"}},
                 "parallel_tool_calls": false}"""));
    }

    @Test
    void whatChatCompletionsCannotCarryIsNamed() {
        assertThat(ChatTranslation.toChat(ProviderApi.ANTHROPIC_MESSAGES, json("""
                {"model": "claude-haiku-4-5", "max_tokens": 200, "top_k": 5,
                 "system": [{"type": "text", "text": "Long policy.", "cache_control": {"type": "ephemeral"}}],
                 "messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "ok"}]}],
                 "thinking": {"type": "enabled", "budget_tokens": 1024}}""")).losses())
                .containsExactly("system.content[0] (cache_control or citations)", "messages[0].content[0] (tool_result)",
                        "top_k", "thinking");
        assertThat(ChatTranslation.toChat(ProviderApi.RESPONSES, json("""
                {"model": "gpt-5", "input": [{"type": "function_call_output", "call_id": "c1", "output": "42"}],
                 "previous_response_id": "resp_1", "reasoning": {"effort": "high"},
                 "tools": [{"type": "web_search"}]}""")).losses())
                .containsExactly("input[0] of type function_call_output", "previous_response_id", "reasoning",
                        "tools[0] (web_search)");
    }

    @Test
    void aChatRequestOfTextAndToolsTranslatesToMessagesWithoutLossAndWhatMessagesCannotCarryIsNamed() {
        ChatTranslation.Translated translated = ChatTranslation.translate(ProviderApi.CHAT_COMPLETIONS,
                ProviderApi.ANTHROPIC_MESSAGES, json("""
                {"model": "gpt-4.1", "messages": [{"role": "system", "content": "Label the ticket."},
                                                  {"role": "user", "content": [{"type": "text", "text": "Charged twice."}]}],
                 "max_completion_tokens": 50, "temperature": 0.5, "stop": "END", "stream": true,
                 "stream_options": {"include_usage": true}, "parallel_tool_calls": false,
                 "tools": [{"type": "function", "function": {"name": "label", "parameters": {"type": "object"}}}],
                 "tool_choice": "required"}"""));

        assertThat(translated.losses()).isEmpty();
        assertThat(translated.body()).isEqualTo(json("""
                {"model": "gpt-4.1", "system": "Label the ticket.",
                 "messages": [{"role": "user", "content": "Charged twice."}],
                 "max_tokens": 50, "temperature": 0.5, "stop_sequences": ["END"],
                 "tool_choice": {"type": "any", "disable_parallel_tool_use": true},
                 "tools": [{"name": "label", "input_schema": {"type": "object"}}]}"""));
        assertThat(ChatTranslation.translate(ProviderApi.CHAT_COMPLETIONS, ProviderApi.ANTHROPIC_MESSAGES, json("""
                {"model": "gpt-4.1", "messages": [{"role": "user", "content": "hi"}], "temperature": 1.5, "n": 2,
                 "response_format": {"type": "json_object"}, "seed": 7}""")).losses())
                .containsExactly("temperature 1.5 (Anthropic's goes to 1)", "n 2", "response_format", "seed");
    }

    @Test
    void aChatRequestIsItself() {
        JsonNode chat = json("{\"model\": \"gpt-4.1\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 2}");

        assertThat(ChatTranslation.toChat(ProviderApi.CHAT_COMPLETIONS, chat).body()).isEqualTo(chat);
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
