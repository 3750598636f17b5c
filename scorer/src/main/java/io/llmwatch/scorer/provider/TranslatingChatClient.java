package io.llmwatch.scorer.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.wire.ChatTranslation;
import io.llmwatch.wire.ProviderApi;
import java.util.concurrent.CompletableFuture;

/**
 * Replays a Messages or Responses request at a provider that serves only chat completions, by
 * sending it translated ({@link ChatTranslation}), but only when the translation loses nothing: a
 * candidate must be asked what production was asked, or its judgement would measure the
 * translation. A request that would lose something fails as {@link ErrorTypes#UNSUPPORTED_API},
 * naming what, without a request.
 */
final class TranslatingChatClient implements ChatClient {

    private final String provider;
    private final ProviderApi api;
    private final ChatClient chat;

    TranslatingChatClient(String provider, ProviderApi api, ChatClient chat) {
        this.provider = provider;
        this.api = api;
        this.chat = chat;
    }

    @Override
    public CompletableFuture<ChatResult> complete(String model, JsonNode requestBody) {
        ChatTranslation.Translated translated = ChatTranslation.toChat(api, requestBody);
        if (!translated.lossless()) {
            return CompletableFuture.completedFuture(new ChatResult(provider, null, null, null, null, 0,
                    new CallError(ErrorTypes.UNSUPPORTED_API, "the call was made with " + api.id() + ", which provider "
                            + provider + " does not serve, and its request does not translate to chat completions"
                            + " without loss: " + String.join(", ", translated.losses())), 0));
        }
        return chat.complete(model, translated.body());
    }
}
