package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.ReplyStream;
import io.llmwatch.openai.Responses;
import io.llmwatch.openai.ResponsesStream;
import java.net.http.HttpRequest;

/**
 * {@code POST /proxy/{provider}/v1/responses}: the OpenAI Responses API, read by
 * {@link Responses} and {@link ResponsesStream}. Its stream always ends with the whole response,
 * usage included, so the body goes upstream unchanged.
 */
final class ResponsesApi implements WireApi {

    static final String PATH = "/proxy/{provider}/v1/responses";

    @Override
    public String name() {
        return "openai.responses";
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public String upstreamPath() {
        return "/responses";
    }

    @Override
    public ChatRequest request(byte[] body) {
        return ChatRequest.unchanged(this, body);
    }

    @Override
    public void sendKey(HttpRequest.Builder upstream, String key) {
        upstream.setHeader("Authorization", "Bearer " + key);
    }

    @Override
    public ChatReply read(JsonNode body) {
        return Responses.read(body);
    }

    @Override
    public ReplyStream stream() {
        return new ResponsesStream();
    }
}
