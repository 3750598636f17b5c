package io.llmwatch.scorer.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.wire.ChatTranslation;
import io.llmwatch.wire.ProviderApi;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Replays a call made with one API at a provider that serves another, by sending the request
 * translated ({@link ChatTranslation#translate}), but only when the translation loses nothing: a
 * candidate must be asked what production was asked, or its judgement would measure the
 * translation. A request that would lose something fails as {@link ErrorTypes#UNSUPPORTED_API},
 * naming what, without a request.
 */
final class TranslatingChatClient implements ChatClient {

    private final String provider;
    private final List<String> served;
    private final ProviderApi from;
    private final ProviderApi to;
    private final ChatClient client;

    /**
     * @param served the provider's {@code apis}, for the message
     * @param client the provider's client of {@code to}
     */
    TranslatingChatClient(String provider, List<String> served, ProviderApi from, ProviderApi to, ChatClient client) {
        this.provider = provider;
        this.served = served;
        this.from = from;
        this.to = to;
        this.client = client;
    }

    @Override
    public CompletableFuture<ChatResult> complete(String model, JsonNode requestBody) {
        return complete(model, requestBody, null);
    }

    @Override
    public boolean honoursIdempotencyKeys() {
        return client.honoursIdempotencyKeys();
    }

    @Override
    public CompletableFuture<ChatResult> complete(String model, JsonNode requestBody, String idempotencyKey) {
        ChatTranslation.Translated translated = ChatTranslation.translate(from, to, requestBody);
        if (!translated.lossless()) {
            return CompletableFuture.completedFuture(new ChatResult(provider, null, null, null, null, 0,
                    new CallError(ErrorTypes.UNSUPPORTED_API, "the call was made with " + from.id() + ", which provider "
                            + provider + " does not serve (apis: " + served + "), and its request does not translate to "
                            + to.id() + " without loss: " + String.join(", ", translated.losses())), 0));
        }
        return client.complete(model, translated.body(), idempotencyKey);
    }
}
