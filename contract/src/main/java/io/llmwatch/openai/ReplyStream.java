package io.llmwatch.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import java.io.IOException;

/**
 * Assembles a streamed answer, one server-sent event's data at a time, into the {@link ChatReply}
 * the same answer unstreamed reads as. One per wire API: {@link ChatStream} for chat completions,
 * {@code io.llmwatch.anthropic.MessagesStream}, {@link ResponsesStream}. Used by one thread.
 */
public interface ReplyStream {

    /**
     * Takes one event's data (null for an event without data).
     *
     * @return true when the event must not reach the caller (it was only asked for the recording)
     */
    boolean accept(String data);

    /** Whether any text, refusal or tool-call piece arrived yet: the first one marks the time to first token. */
    boolean hasContent();

    /** What the stream added up to so far. */
    ChatReply result();

    /** An event's data as a JSON object; null when there is none or it is not one (a keep-alive, {@code [DONE]}). */
    static JsonNode object(String data) {
        if (data == null) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(data);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
