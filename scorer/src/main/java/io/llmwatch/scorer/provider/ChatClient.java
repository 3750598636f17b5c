package io.llmwatch.scorer.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

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
        return complete(model, requestBody, idempotencyKey, () -> CompletableFuture.completedFuture(null));
    }

    /**
     * As {@link #complete(String, JsonNode, String)}; {@code beforeSend} is called just before the
     * request first goes out to the provider (after waiting for a concurrency permit), and the request
     * waits for the stage it returns: the replay worker records there that it may now be paid for. A
     * client that sends nothing over the network need not call it.
     */
    default CompletableFuture<ChatResult> complete(String model, JsonNode requestBody, String idempotencyKey,
            Supplier<? extends CompletionStage<?>> beforeSend) {
        return complete(model, requestBody);
    }

    /** Whether the provider answers a repeated idempotency key without charging it again (configured, not probed). */
    default boolean honoursIdempotencyKeys() {
        return false;
    }
}
