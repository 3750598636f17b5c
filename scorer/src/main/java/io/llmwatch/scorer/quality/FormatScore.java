package io.llmwatch.scorer.quality;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.llmwatch.event.LlmCall;
import io.llmwatch.json.Json;
import io.llmwatch.openai.OutputText;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code format} dimension of a call (0..1): is the output usable as delivered?
 *
 * <table>
 * <caption>Rules, applied in this order</caption>
 * <tr><th>condition</th><th>score</th></tr>
 * <tr><td>the call failed ({@code error} set)</td><td>0</td></tr>
 * <tr><td>{@code output_text} absent or blank</td><td>0</td></tr>
 * <tr><td>JSON was asked for ({@code request.response_format.type} is {@code json_object} or
 *     {@code json_schema}) and the output is not one JSON object or array</td><td>0</td></tr>
 * <tr><td>the call ended in tool calls ({@code finish_reason} {@code tool_calls}, {@code tool_use},
 *     {@code function_call}) and the output, the tool-call arguments, is not one JSON object or
 *     array</td><td>0</td></tr>
 * <tr><td>truncated: {@code finish_reason} {@code length} / {@code max_tokens}</td><td>× {@value #TRUNCATED}</td></tr>
 * <tr><td>filtered: {@code finish_reason} {@code content_filter} / {@code safety} / {@code refusal}</td>
 *     <td>× {@value #FILTERED}</td></tr>
 * <tr><td>a refusal phrase ("I'm sorry, but I can't", "I cannot help with that", …) in the first
 *     {@value #REFUSAL_HEAD} characters</td><td>× {@value #REFUSAL}</td></tr>
 * </table>
 *
 * <p>A call whose content the collector dropped ({@link LlmCall#contentDropped()}) is not measured
 * (null): there is no output to judge, which says nothing about the model. A call that passes every
 * rule scores 1. Only the head of the output is searched for refusals:
 * a model refuses up front, while a long answer may quote such a phrase (a support-ticket summary).
 * A JSON schema is not validated beyond parsing.
 */
public final class FormatScore {

    public static final double TRUNCATED = 0.5;
    public static final double FILTERED = 0.5;
    public static final double REFUSAL = 0.25;
    public static final int REFUSAL_HEAD = 200;

    private static final Set<String> JSON_FORMATS = Set.of("json_object", "json_schema");
    private static final Set<String> TRUNCATION = Set.of("length", "max_tokens", "max_output_tokens");
    private static final Set<String> FILTERING = Set.of("content_filter", "safety", "refusal");
    private static final Set<String> TOOL_CALLS = Set.of("tool_calls", "tool_use", "function_call");
    private static final List<String> REFUSAL_PHRASES = List.of(
            "sorry, but i can't", "sorry, but i cannot", "sorry, i can't", "sorry, i cannot",
            "i can't help with", "i cannot help with", "i can't assist with", "i cannot assist with",
            "i'm unable to help", "i am unable to help", "i'm not able to help", "i am not able to help",
            "i won't be able to help", "i cannot comply", "i can't comply", "i must decline",
            "as an ai language model");
    /** Strict: {@code {"a":1} trailing words} is not JSON. */
    private static final ObjectReader STRICT_JSON = Json.mapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private FormatScore() {
    }

    public static Double of(LlmCall call) {
        if (call.contentDropped()) {
            return null;
        }
        return of(call.request(), call.outputText(), call.finishReason(), call.failed());
    }

    /**
     * The format score of one answer: also of a replayed one, which has no {@link LlmCall}.
     *
     * @param request the request body, for whether it asked for JSON; may be null
     */
    public static double of(JsonNode request, String output, String finishReason, boolean failed) {
        if (failed || output == null || output.isBlank()) {
            return 0.0;
        }
        String finish = finishReason == null ? "" : finishReason.toLowerCase(Locale.ROOT);
        if ((jsonRequested(request) || TOOL_CALLS.contains(finish)) && !isJsonDocument(output)) {
            return 0.0;
        }
        double score = 1;
        if (TRUNCATION.contains(finish)) {
            score *= TRUNCATED;
        }
        if (FILTERING.contains(finish)) {
            score *= FILTERED;
        }
        if (isRefusal(output)) {
            score *= REFUSAL;
        }
        return score;
    }

    /** Whether the request asked for JSON output ({@code response_format} of the OpenAI API). */
    public static boolean jsonRequested(JsonNode request) {
        if (request == null) {
            return false;
        }
        JsonNode type = request.path("response_format").path("type");
        return type.isTextual() && JSON_FORMATS.contains(type.asText());
    }

    /** Whether the text is exactly one JSON object or array (surrounding whitespace allowed). */
    public static boolean isJsonDocument(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || (trimmed.charAt(0) != '{' && trimmed.charAt(0) != '[')) {
            return false;
        }
        try {
            STRICT_JSON.readTree(trimmed);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the text is a refusal: one the provider flagged (marked by {@link OutputText}), or one
     * whose head says so (case-insensitive, curly apostrophes too).
     */
    public static boolean isRefusal(String text) {
        if (OutputText.isRefusal(text)) {
            return true;
        }
        String head = (text.length() > REFUSAL_HEAD ? text.substring(0, REFUSAL_HEAD) : text)
                .toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        for (String phrase : REFUSAL_PHRASES) {
            if (head.contains(phrase)) {
                return true;
            }
        }
        return false;
    }
}
