package io.llmwatch.sim;

/**
 * What a simulated model answers to one chat request, before it is written as OpenAI JSON.
 *
 * @param correct          whether it is the prompt's correct answer
 * @param content          the assistant's text; null when it calls a tool
 * @param toolName         the function it calls, when the request offered tools
 * @param toolArguments    the call's arguments (a JSON object as text)
 * @param finishReason     {@code stop}, {@code length} or {@code tool_calls}
 * @param promptTokens     input tokens, cached ones included
 * @param cachedTokens     input tokens served from the prompt cache
 * @param completionTokens output tokens, reasoning ones included
 * @param reasoningTokens  hidden reasoning tokens
 * @param latencyMs        how long the model takes to answer
 */
public record SimulatedAnswer(boolean correct, String content, String toolName, String toolArguments,
                              String finishReason, long promptTokens, long cachedTokens, long completionTokens,
                              long reasoningTokens, double latencyMs) {

    /** The text a recorder would keep as the call's output: the content, or the tool call's arguments. */
    public String outputText() {
        return content != null ? content : toolArguments;
    }
}
