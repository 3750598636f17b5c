package io.llmwatch.sdk.openai;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import io.llmwatch.openai.ChatReply;
import io.llmwatch.openai.ChatStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed chat completion that passes every chunk through to the caller as it arrives and
 * records the call once: when the stream ends, fails, or is closed early. The usage-only chunk the
 * recorder asked for on the caller's behalf is taken in but not passed on, so the caller sees what
 * it would have seen without llmwatch.
 */
final class RecordingStreamResponse implements StreamResponse<ChatCompletionChunk> {

    /** Records the call once the stream is over. */
    @FunctionalInterface
    interface Recorder {

        /**
         * @param reply              what the stream added up to
         * @param timeToFirstTokenMs from the request to the first content, or null if none came
         * @param error              what ended the stream, or null
         */
        void record(ChatReply reply, Double timeToFirstTokenMs, Throwable error);
    }

    private final StreamResponse<ChatCompletionChunk> upstream;
    private final ChatStream accumulator = new ChatStream();
    private final long startNanos;
    private final boolean hideUsageChunk;
    private final Recorder recorder;
    private final AtomicBoolean recorded = new AtomicBoolean();
    /** Read by whichever thread records; written by the one reading the stream. */
    private volatile long firstTokenNanos = -1;

    RecordingStreamResponse(StreamResponse<ChatCompletionChunk> upstream, long startNanos, boolean hideUsageChunk,
                            Recorder recorder) {
        this.upstream = upstream;
        this.startNanos = startNanos;
        this.hideUsageChunk = hideUsageChunk;
        this.recorder = recorder;
    }

    @Override
    public Stream<ChatCompletionChunk> stream() {
        Iterator<ChatCompletionChunk> chunks = new Recording(upstream.stream().iterator());
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(chunks, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(this::close);
    }

    @Override
    public void close() {
        try {
            upstream.close();
        } finally {
            finish(null);
        }
    }

    private void finish(Throwable error) {
        if (recorded.compareAndSet(false, true)) {
            recorder.record(accumulator.result(),
                    firstTokenNanos < 0 ? null : (firstTokenNanos - startNanos) / 1e6, error);
        }
    }

    /** Reads one chunk ahead, so that a hidden last chunk does not leave the caller with a null. */
    private final class Recording implements Iterator<ChatCompletionChunk> {

        private final Iterator<ChatCompletionChunk> source;
        private ChatCompletionChunk next;
        /** Set when reading a chunk for the record failed: the caller's stream goes on, unrecorded from there. */
        private boolean accumulating = true;

        Recording(Iterator<ChatCompletionChunk> source) {
            this.source = source;
        }

        /** Whether the chunk only carries usage; a chunk the recorder cannot read never reaches the caller as an error. */
        private boolean accumulate(ChatCompletionChunk chunk) {
            if (!accumulating) {
                return false;
            }
            try {
                boolean usageOnly = accumulator.accept(OpenAiCalls.wire(chunk));
                if (firstTokenNanos < 0 && accumulator.hasContent()) {
                    firstTokenNanos = System.nanoTime();
                }
                return usageOnly;
            } catch (RuntimeException e) {
                accumulating = false;
                RecordingFailures.log(e);
                return false;
            }
        }

        @Override
        public boolean hasNext() {
            try {
                while (next == null && source.hasNext()) {
                    ChatCompletionChunk chunk = source.next();
                    if (!(accumulate(chunk) && hideUsageChunk)) {
                        next = chunk;
                    }
                }
            } catch (RuntimeException e) {
                finish(e);
                throw e;
            }
            if (next == null) {
                finish(null);
                return false;
            }
            return true;
        }

        @Override
        public ChatCompletionChunk next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ChatCompletionChunk chunk = next;
            next = null;
            return chunk;
        }
    }
}
