package io.llmwatch.collector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A chat-completions request body as the caller sent it, and as it goes upstream.
 *
 * <p>SDKs do not say in {@code Accept} that they stream (the Node SDK sends
 * {@code application/json} either way), so streaming is read from {@code "stream": true} in the
 * body. A streaming request that does not ask for {@code stream_options.include_usage} gets it
 * added, because usage arrives only in that final chunk; the caller then must not see that chunk
 * ({@link #stripUsageChunk()}). Providers then also add {@code "usage": null} to every other chunk;
 * those chunks are relayed as they are, since rewriting each one would cost more than the harmless
 * field. A body that is not a JSON object goes upstream untouched, and the provider answers it.
 *
 * @param body            the caller's body, parsed; null when it is not a JSON object
 * @param upstreamBytes   what is sent to the provider
 * @param stream          the caller asked for a stream
 * @param stripUsageChunk usage was added for the recording, and the usage-only chunk is not relayed
 */
record ChatRequest(ObjectNode body, byte[] upstreamBytes, boolean stream, boolean stripUsageChunk) {

    static ChatRequest of(byte[] bytes) {
        ObjectNode body = parse(bytes);
        if (body == null) {
            return new ChatRequest(null, bytes, false, false);
        }
        boolean stream = body.path("stream").asBoolean(false);
        if (!stream || body.path("stream_options").path("include_usage").asBoolean(false)) {
            return new ChatRequest(body, bytes, stream, false);
        }
        ObjectNode upstream = body.deepCopy();
        JsonNode options = upstream.get("stream_options");
        (options instanceof ObjectNode existing ? existing : upstream.putObject("stream_options"))
                .put("include_usage", true);
        try {
            return new ChatRequest(body, Json.mapper().writeValueAsBytes(upstream), true, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The requested model, or null when the body names none. */
    String model() {
        JsonNode model = body == null ? null : body.get("model");
        return model != null && model.isTextual() ? model.textValue() : null;
    }

    private static ObjectNode parse(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes) instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }
}
