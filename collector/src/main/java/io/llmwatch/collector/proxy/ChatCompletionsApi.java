package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.openai.ChatCompletions;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.ChatStream;
import io.llmwatch.openai.ReplyStream;
import java.net.http.HttpRequest;

/** {@code POST /proxy/{provider}/v1/chat/completions}, read by the {@code io.llmwatch.openai} wire package. */
final class ChatCompletionsApi implements WireApi {

    @Override
    public String name() {
        return "openai.chat_completions";
    }

    @Override
    public String path() {
        return ProxyEndpoint.PATH;
    }

    @Override
    public String upstreamPath() {
        return "/chat/completions";
    }

    @Override
    public ChatRequest request(byte[] body) {
        return ChatRequest.of(this, body);
    }

    @Override
    public void sendKey(HttpRequest.Builder upstream, String key) {
        upstream.setHeader("Authorization", "Bearer " + key);
    }

    @Override
    public ChatReply read(JsonNode body) {
        return ChatCompletions.read(body);
    }

    @Override
    public ReplyStream stream() {
        return new ChatStream();
    }
}
