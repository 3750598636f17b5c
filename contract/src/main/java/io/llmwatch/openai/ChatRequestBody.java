package io.llmwatch.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What llmwatch reads from, and adds to, an OpenAI chat-completions request body. SDKs do not say in
 * {@code Accept} that they stream (the Node SDK sends {@code application/json} either way), so
 * streaming is read from {@code "stream": true}; usage of a stream arrives only in a final chunk,
 * and only when {@code stream_options.include_usage} asks for it.
 */
public final class ChatRequestBody {

    private ChatRequestBody() {
    }

    /** The requested model, or null when the body names none. */
    public static String model(JsonNode body) {
        JsonNode model = body == null ? null : body.get("model");
        return model != null && model.isTextual() ? model.textValue() : null;
    }

    /** Whether the body asks for a stream. */
    public static boolean streams(JsonNode body) {
        return body != null && body.path("stream").asBoolean(false);
    }

    /** Whether the body asks for the usage chunk at the end of a stream. */
    public static boolean asksForUsage(JsonNode body) {
        return body != null && body.path("stream_options").path("include_usage").asBoolean(false);
    }

    /** A copy of the body that asks for the usage chunk, its other stream options kept. */
    public static ObjectNode withUsage(ObjectNode body) {
        ObjectNode copy = body.deepCopy();
        JsonNode options = copy.get("stream_options");
        (options instanceof ObjectNode existing ? existing : copy.putObject("stream_options")).put("include_usage", true);
        return copy;
    }
}
