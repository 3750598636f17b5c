package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.ReplyStream;
import java.net.http.HttpRequest;

/**
 * One provider API the recording proxy speaks: where a request goes upstream, how its body is
 * prepared, how the key is sent, and how an answer or a stream is read into a {@link ChatReply}.
 * Everything else (forwarding, streaming, retries, compression, recording) is the same for all and
 * lives in {@link ProxyEndpoint}.
 */
interface WireApi {

    /** The OpenAI chat completions API, {@code POST /v1/chat/completions}. */
    WireApi CHAT_COMPLETIONS = new ChatCompletionsApi();
    /** The Anthropic Messages API, {@code POST /v1/messages}. */
    WireApi ANTHROPIC_MESSAGES = new AnthropicMessagesApi();
    /** The OpenAI Responses API, {@code POST /v1/responses}. */
    WireApi RESPONSES = new ResponsesApi();

    /** Its name in a recorded call's {@value CallFactory#API} attribute, e.g. {@code anthropic.messages}. */
    String name();

    /** The proxy's route, {@code /proxy/{provider}/v1/...}. */
    String path();

    /** Appended to the provider's {@code base_url} (which ends in {@code /v1}). */
    String upstreamPath();

    /** The caller's body as it goes upstream. */
    ChatRequest request(byte[] body);

    /** Sends llmwatch's key for the provider (from {@code api_key_env}), replacing the caller's. */
    void sendKey(HttpRequest.Builder upstream, String key);

    /** A non-streamed answer with a 2xx status. */
    ChatReply read(JsonNode body);

    /** A new assembler for one streamed answer. */
    ReplyStream stream();
}
