package io.llmwatch.openai;

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
}
