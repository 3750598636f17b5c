package io.llmwatch.sdk.openai;

import com.openai.models.chat.completions.ChatCompletionChunk;
import io.llmwatch.event.Usage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers what a streamed chat completion adds up to, chunk by chunk: the text (or tool-call
 * arguments) of the first choice, its finish reason, the model, the usage of the final chunk, and
 * when the first token arrived. Used from the one thread that reads the stream.
 */
final class StreamAccumulator {

    private final long startNanos;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder refusal = new StringBuilder();
    private final Map<Long, StringBuilder> toolArguments = new TreeMap<>();
    private String model;
    private String finishReason;
    private Usage usage;
    private long firstTokenNanos = -1;

    StreamAccumulator(long startNanos) {
        this.startNanos = startNanos;
    }

    /**
     * Takes one chunk in.
     *
     * @return true if the chunk is the usage-only chunk ({@code choices} empty, {@code usage} set)
     *         that {@code stream_options.include_usage} adds at the end
     */
    boolean accept(ChatCompletionChunk chunk, long nowNanos) {
        if (model == null) {
            model = OpenAiCalls.safely(chunk::model);
        }
        chunk.usage().ifPresent(u -> usage = OpenAiCalls.usage(u));
        List<ChatCompletionChunk.Choice> choices = chunk._choices().asKnown().orElse(List.of());
        for (ChatCompletionChunk.Choice choice : choices) {
            if (choice.index() != 0) {
                continue;
            }
            ChatCompletionChunk.Choice.Delta delta = choice.delta();
            boolean token = false;
            String content = delta.content().orElse("");
            if (!content.isEmpty()) {
                text.append(content);
                token = true;
            }
            String refused = delta.refusal().orElse("");
            if (!refused.isEmpty()) {
                refusal.append(refused);
                token = true;
            }
            for (ChatCompletionChunk.Choice.Delta.ToolCall call : delta.toolCalls().orElse(List.of())) {
                String arguments = call.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments)
                        .orElse("");
                toolArguments.computeIfAbsent(call.index(), i -> new StringBuilder()).append(arguments);
                token = true;
            }
            if (token && firstTokenNanos < 0) {
                firstTokenNanos = nowNanos;
            }
            choice.finishReason().ifPresent(reason -> finishReason = reason.asString());
        }
        return choices.isEmpty() && chunk.usage().isPresent();
    }

    String model() {
        return model;
    }

    /** The text streamed; for tool calls their arguments (one per line); else a refusal; null if nothing came. */
    String outputText() {
        if (!text.isEmpty()) {
            return text.toString();
        }
        if (!toolArguments.isEmpty()) {
            return String.join("\n", toolArguments.values());
        }
        return refusal.isEmpty() ? null : refusal.toString();
    }

    String finishReason() {
        return finishReason;
    }

    Usage usage() {
        return usage;
    }

    /** Milliseconds from the request to the first content, or null if none came. */
    Double timeToFirstTokenMs() {
        return firstTokenNanos < 0 ? null : (firstTokenNanos - startNanos) / 1e6;
    }
}
