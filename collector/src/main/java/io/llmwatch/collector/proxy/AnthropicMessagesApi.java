package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.anthropic.Messages;
import io.llmwatch.anthropic.MessagesStream;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.ReplyStream;
import java.net.http.HttpRequest;

/**
 * {@code POST /proxy/{provider}/v1/messages}: the Anthropic Messages API, read by the
 * {@code io.llmwatch.anthropic} wire package. The key goes in {@code x-api-key}; the caller's
 * {@code anthropic-version} and {@code anthropic-beta} headers go through like any other. A stream
 * always carries its usage, so the body goes upstream unchanged.
 */
final class AnthropicMessagesApi implements WireApi {

    static final String PATH = "/proxy/{provider}/v1/messages";

    @Override
    public String name() {
        return "anthropic.messages";
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public String upstreamPath() {
        return "/messages";
    }

    @Override
    public ChatRequest request(byte[] body) {
        return ChatRequest.unchanged(this, body);
    }

    @Override
    public void sendKey(HttpRequest.Builder upstream, String key) {
        upstream.setHeader("x-api-key", key);
    }

    @Override
    public ChatReply read(JsonNode body) {
        return Messages.read(body);
    }

    @Override
    public ReplyStream stream() {
        return new MessagesStream();
    }
}
