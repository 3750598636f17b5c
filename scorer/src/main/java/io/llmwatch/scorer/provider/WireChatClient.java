package io.llmwatch.scorer.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.CallError;
import io.llmwatch.json.Json;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.MalformedResponseException;
import io.llmwatch.wire.ProviderApi;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link ChatClient} for one {@link ProviderApi} at one provider: {@code POST …/chat/completions} at
 * an OpenAI-compatible upstream (OpenAI, Groq, Together, OpenRouter, vLLM, Ollama, a LiteLLM proxy,
 * …), {@code POST …/responses} (OpenAI's Responses API) or {@code POST …/messages} (Anthropic's
 * Messages API). The recorded body is sent as it is — temperature, token cap, response format and
 * tools included — with only {@code model} replaced and streaming switched off, and the answer is
 * read by the same wire package, under the same output-text rule, as the recorded call was.
 * Concurrency, timeouts, retries and the circuit breaker are the provider's (see
 * {@link ProviderRegistry}).
 */
public final class WireChatClient implements ChatClient {

    /** The header OpenAI, Anthropic and Stripe-style APIs name it by. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ProviderEndpoint endpoint;
    private final ProviderApi api;
    private final boolean honoursIdempotencyKeys;

    WireChatClient(ProviderEndpoint endpoint, ProviderApi api, boolean honoursIdempotencyKeys) {
        this.endpoint = endpoint;
        this.api = api;
        this.honoursIdempotencyKeys = honoursIdempotencyKeys;
    }

    @Override
    public boolean honoursIdempotencyKeys() {
        return honoursIdempotencyKeys;
    }

    @Override
    public CompletableFuture<ChatResult> complete(String model, JsonNode requestBody) {
        return complete(model, requestBody, null);
    }

    @Override
    public CompletableFuture<ChatResult> complete(String model, JsonNode requestBody, String idempotencyKey) {
        if (requestBody == null || !requestBody.isObject()) {
            return CompletableFuture.completedFuture(new ChatResult(endpoint.name(), null, null, null, null, 0,
                    new CallError(ErrorTypes.CLIENT_ERROR, "the recorded request is not a JSON object"), 0));
        }
        ObjectNode body = ((ObjectNode) requestBody).deepCopy();
        body.put("model", model);
        body.remove("stream");
        // OpenAI rejects stream_options on a request that does not stream.
        body.remove("stream_options");
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of(IDEMPOTENCY_KEY, idempotencyKey);
        return endpoint.post(api.path(), bytes, headers, this::parse, api).thenApply(outcome -> {
            ChatReply parsed = outcome.value();
            if (parsed == null) {
                return new ChatResult(endpoint.name(), null, null, null, null, outcome.latencyMs(), outcome.error(),
                        outcome.attempts());
            }
            // A Responses answer with status "failed" is a 200 carrying its error.
            return new ChatResult(endpoint.name(), parsed.responseModel(), parsed.outputText(), parsed.finishReason(),
                    parsed.usage(), outcome.latencyMs(), parsed.error(), outcome.attempts());
        });
    }

    /** Read by the same rules as the recorded production call (see {@link ProviderApi#parse}). */
    private ChatReply parse(byte[] body) throws InvalidResponseException {
        try {
            return api.parse(body);
        } catch (MalformedResponseException e) {
            throw new InvalidResponseException(e.getMessage());
        }
    }
}
