package io.llmwatch.scorer.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * Chat completions at one OpenAI-compatible provider ({@code POST …/chat/completions}). Never
 * blocks the calling thread, and never completes exceptionally: a failure (after the client's own
 * retries) is a {@link ChatResult} with an error, because a failed replay is a result too.
 */
public interface ChatClient {

    /**
     * Sends {@code requestBody} with its {@code model} set to {@code model} (and streaming off).
     *
     * @param requestBody an OpenAI chat-completions request body, as recorded in production
     */
    CompletableFuture<ChatResult> complete(String model, JsonNode requestBody);

    /**
     * As {@link #complete(String, JsonNode)}, with an {@code Idempotency-Key} header that stays the
     * same on every retry and every re-send of the same replay, for providers that deduplicate by it.
     */
    default CompletableFuture<ChatResult> complete(String model, JsonNode requestBody, String idempotencyKey) {
        return complete(model, requestBody);
    }

    /** Whether the provider answers a repeated idempotency key without charging it again (configured, not probed). */
    default boolean honoursIdempotencyKeys() {
        return false;
    }
}
