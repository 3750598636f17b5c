package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import io.llmwatch.openai.ChatRequestBody;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A request body as the caller sent it, and as it goes upstream, with the {@link WireApi} it was sent to.
 *
 * <p>Streaming is read from the body ({@link ChatRequestBody}). A streaming request that does not
 * ask for {@code stream_options.include_usage} gets it added, because usage arrives only in that
 * final chunk; the caller then must not see that chunk
 * ({@link #stripUsageChunk()}). Providers then also add {@code "usage": null} to every other chunk;
 * those chunks are relayed as they are, since rewriting each one would cost more than the harmless
 * field. A body that is not a JSON object goes upstream untouched, and the provider answers it.
 *
 * @param api             the API the caller spoke
 * @param body            the caller's body, parsed; null when it is not a JSON object
 * @param upstreamBytes   what is sent to the provider
 * @param stream          the caller asked for a stream
 * @param stripUsageChunk usage was added for the recording, and the usage-only chunk is not relayed
 */
record ChatRequest(WireApi api, ObjectNode body, byte[] upstreamBytes, boolean stream, boolean stripUsageChunk) {

    /** A chat-completions body, with {@code include_usage} added to a stream that does not ask for it. */
    static ChatRequest of(WireApi api, byte[] bytes) {
        ChatRequest request = unchanged(api, bytes);
        if (!request.stream() || ChatRequestBody.asksForUsage(request.body())) {
            return request;
        }
        try {
            return new ChatRequest(api, request.body(), Json.mapper().writeValueAsBytes(ChatRequestBody.withUsage(request.body())),
                    true, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A body that goes upstream as it came; {@code model} and {@code stream} are read as for chat completions. */
    static ChatRequest unchanged(WireApi api, byte[] bytes) {
        ObjectNode body = parse(bytes);
        return new ChatRequest(api, body, bytes, body != null && ChatRequestBody.streams(body), false);
    }

    /** The requested model, or null when the body names none. */
    String model() {
        return ChatRequestBody.model(body);
    }

    private static ObjectNode parse(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes) instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }
}
