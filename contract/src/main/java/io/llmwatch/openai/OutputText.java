package io.llmwatch.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * The one rule that turns what an assistant message carries into a call's {@code output_text}. Every
 * reader of an OpenAI answer uses it — the proxy, the SDK adapters, the importers and the replay
 * clients — so that a judge compares a production output and a replay that were read alike:
 * <ol>
 *   <li><b>tool calls</b>, when there are any, are the output: the arguments of the one call as the
 *       model sent them, or a JSON array of the arguments of several (each parsed when it is JSON,
 *       else kept as a string). The calls are what the application acts on, and an array keeps
 *       several of them one JSON document that the {@code json} judge and the format score can read;</li>
 *   <li>else the <b>text</b>;</li>
 *   <li>else a <b>refusal</b>, marked with {@value #REFUSAL_MARK} so that it is never taken for an
 *       answer that merely says the same words.</li>
 * </ol>
 * See {@code docs/openai-wire.md}.
 */
public final class OutputText {

    /** Starts the output text of a call whose only answer is the model's refusal. */
    public static final String REFUSAL_MARK = "[refusal] ";

    private OutputText() {
    }

    /**
     * The output text of one assistant message.
     *
     * @param text          the message's text, or null
     * @param toolArguments the arguments of each tool call, in order; empty when it called none
     * @param refusal       the model's refusal, or null
     * @return null when the message carries none of them
     */
    public static String of(String text, List<String> toolArguments, String refusal) {
        if (!toolArguments.isEmpty()) {
            if (toolArguments.size() == 1) {
                return toolArguments.get(0);
            }
            ArrayNode all = Json.mapper().createArrayNode();
            toolArguments.forEach(arguments -> all.add(argumentsNode(arguments)));
            return all.toString();
        }
        if (text != null && !text.isEmpty()) {
            return text;
        }
        if (refusal != null && !refusal.isEmpty()) {
            return REFUSAL_MARK + refusal;
        }
        return text;
    }

    /** {@link #of} for a message assembled from a stream's pieces: an empty text or refusal is none. */
    public static String ofStreamed(CharSequence text, Collection<? extends CharSequence> toolArguments,
                                    CharSequence refusal) {
        return of(text.isEmpty() ? null : text.toString(), toolArguments.stream().map(CharSequence::toString).toList(),
                refusal.isEmpty() ? null : refusal.toString());
    }

    /** Whether the output text is a refusal marked by {@link #of}. */
    public static boolean isRefusal(String outputText) {
        return outputText != null && outputText.startsWith(REFUSAL_MARK);
    }

    private static JsonNode argumentsNode(String arguments) {
        try {
            JsonNode parsed = Json.mapper().readTree(arguments);
            return parsed == null || parsed.isMissingNode() ? Json.mapper().getNodeFactory().textNode(arguments) : parsed;
        } catch (IOException e) {
            return Json.mapper().getNodeFactory().textNode(arguments);
        }
    }
}
