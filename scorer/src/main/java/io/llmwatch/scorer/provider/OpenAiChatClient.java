package io.llmwatch.scorer.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.CallError;
import io.llmwatch.json.Json;
import io.llmwatch.openai.ChatCompletions;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.MalformedResponseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link ChatClient} for an OpenAI-compatible {@code POST …/chat/completions} (OpenAI, Groq,
 * Together, OpenRouter, vLLM, Ollama, a LiteLLM proxy, …). The recorded body is sent as it is —
 * temperature, max tokens, response format and tools included — with only {@code model} replaced
 * and streaming switched off. Concurrency, timeouts, retries and the circuit breaker are the
 * provider's (see {@link ProviderRegistry}).
 */
public final class OpenAiChatClient implements ChatClient {

    static final String PATH = "/chat/completions";

    /** The header OpenAI, Anthropic and Stripe-style APIs name it by. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ProviderEndpoint endpoint;
    private final boolean honoursIdempotencyKeys;

    OpenAiChatClient(ProviderEndpoint endpoint, boolean honoursIdempotencyKeys) {
        this.endpoint = endpoint;
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
        return endpoint.post(PATH, bytes, headers, OpenAiChatClient::parse).thenApply(outcome -> {
            ChatReply parsed = outcome.value();
            return parsed == null
                    ? new ChatResult(endpoint.name(), null, null, null, null, outcome.latencyMs(), outcome.error(), outcome.attempts())
                    : new ChatResult(endpoint.name(), parsed.responseModel(), parsed.outputText(), parsed.finishReason(),
                    parsed.usage(), outcome.latencyMs(), null, outcome.attempts());
        });
    }

    /** Read by the same rules as the recorded production call (see {@link ChatCompletions}). */
    private static ChatReply parse(byte[] body) throws InvalidResponseException {
        try {
            return ChatCompletions.parse(body);
        } catch (MalformedResponseException e) {
            throw new InvalidResponseException(e.getMessage());
        }
    }
}
