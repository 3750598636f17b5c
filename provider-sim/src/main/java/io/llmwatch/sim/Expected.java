package io.llmwatch.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The correct answer to a prompt, carried by the prompt itself in an {@code <expected>…</expected>}
 * tag (JSON inside), so that whoever writes the prompt — the demo's traffic simulator, a test — knows
 * what a correct answer is, and the {@link SimulatedProvider simulated provider} answers it with the
 * probability of the model's quality. Exactly one of {@code label}, {@code text} and {@code json} is set.
 *
 * <pre>{@code
 * String prompt = "Classify this ticket: the export fails. "
 *         + Expected.label("bug", List.of("bug", "billing", "other")).tag();
 * }</pre>
 *
 * <p>A prompt without a tag has a correct answer too, derived from its last user message, so any
 * recorded request can be replayed against the simulation.
 *
 * @param label    for classification: the correct label
 * @param labels   all labels of the task; a wrong answer is another one of them
 * @param text     for free text: the canonical correct answer
 * @param degraded for free text: the answer a model gives when it gets it wrong; null = the
 *                 canonical answer cut short
 * @param json     for extraction and tool calls: the correct JSON object; a wrong answer differs in
 *                 one field
 * @param tokens   the typical answer's output tokens (a model's {@link SimulatedModel#verbosity()}
 *                 scales it); null = estimated from the answer's length
 */
public record Expected(String label, List<String> labels, String text, String degraded, JsonNode json, Integer tokens) {

    private static final Pattern TAG = Pattern.compile("<expected>(.*?)</expected>", Pattern.DOTALL);

    public Expected {
        labels = labels == null ? List.of() : List.copyOf(labels);
        int kinds = (label != null ? 1 : 0) + (text != null ? 1 : 0) + (json != null ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException("an expected answer is exactly one of label, text or json");
        }
        if (json != null && !json.isObject()) {
            throw new IllegalArgumentException("an expected JSON answer must be an object");
        }
    }

    public static Expected label(String correct, List<String> labels) {
        return new Expected(correct, labels, null, null, null, null);
    }

    public static Expected text(String canonical, String degraded) {
        return new Expected(null, null, canonical, degraded, null, null);
    }

    public static Expected json(JsonNode object) {
        return new Expected(null, null, null, null, object, null);
    }

    public Expected withTokens(int typicalOutputTokens) {
        return new Expected(label, labels, text, degraded, json, typicalOutputTokens);
    }

    /** The tag to put anywhere in a prompt's messages. */
    public String tag() {
        try {
            return "<expected>" + Json.mapper().writeValueAsString(this) + "</expected>";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an expected answer", e);
        }
    }

    /** The expected answer tagged in {@code text}, if there is a readable one. */
    public static Optional<Expected> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = TAG.matcher(text);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(matcher.group(1), Expected.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
