package io.llmwatch.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Masks sensitive text in a call before it is published: API keys and bearer tokens, e-mail
 * addresses, card numbers (only those that pass the Luhn check, so order ids stay) and phone numbers
 * always, plus the configured patterns, globally and per app. Matches become {@code [REDACTED:<kind>]}
 * ({@code api_key}, {@code email}, {@code card_number}, {@code phone}, {@code custom}).
 *
 * <p>Credential-looking fields of the request ({@code api_key}, {@code password}, … see
 * {@link Credentials}) are removed. Masked: every string in {@code request} (messages, tool
 * definitions, anything), {@code output_text},
 * {@code reference}, {@code error.message} and attribute values. An app configured with
 * {@code drop_content} keeps only metadata: the prompt fields of the request ({@value #DROPPED_FIELDS_DOC}),
 * the output and the reference are removed, and the attribute {@value #CONTENT_ATTRIBUTE} says so.
 *
 * <p>Patterns are compiled once, at construction; each mask first rules texts out with a cheap scan
 * (an {@code @} for e-mails, a run of digits for numbers), so that the common text costs a few scans.
 * Thread-safe.
 */
public final class Redactor {

    /** Attribute set on a call whose content was dropped, with the value {@value #CONTENT_DROPPED}. */
    public static final String CONTENT_ATTRIBUTE = LlmCall.CONTENT_ATTRIBUTE;
    public static final String CONTENT_DROPPED = LlmCall.CONTENT_DROPPED;
    static final String DROPPED_FIELDS_DOC = "messages, prompt, input, instructions, system, contents";
    private static final Set<String> CONTENT_FIELDS = Set.of("messages", "prompt", "input", "instructions", "system",
            "contents");
    private static final String CUSTOM = "custom";

    private record Rules(List<Mask> masks, boolean dropContent) {
    }

    private final Rules global;
    private final Map<String, Rules> byApp;

    private Redactor(RedactionConfig config) {
        List<Mask> globalMasks = new ArrayList<>(DefaultMasks.ALL);
        config.patterns().forEach(regex -> globalMasks.add(custom(regex)));
        this.global = new Rules(List.copyOf(globalMasks), false);
        Map<String, Rules> apps = new HashMap<>();
        config.apps().forEach((app, settings) -> {
            List<Mask> masks = new ArrayList<>(globalMasks);
            settings.patterns().forEach(regex -> masks.add(custom(regex)));
            apps.put(app, new Rules(List.copyOf(masks), settings.dropContent()));
        });
        this.byApp = Map.copyOf(apps);
    }

    /** A redactor with the built-in masks and the configured additions. */
    public static Redactor of(RedactionConfig config) {
        return new Redactor(config);
    }

    /** Only the built-in masks. */
    public static Redactor defaults() {
        return new Redactor(RedactionConfig.NONE);
    }

    /** The call as it may be published: masked, or reduced to metadata for a drop-content app. */
    public LlmCall redact(LlmCall call) {
        Rules rules = rules(call.app());
        JsonNode request = rules.dropContent ? withoutContent(call.request(), rules) : json(call.request(), rules);
        String output = rules.dropContent ? null : text(call.outputText(), rules);
        JsonNode reference = rules.dropContent ? null : json(call.reference(), rules);
        CallError error = call.error() == null ? null
                : new CallError(call.error().type(), text(call.error().message(), rules));
        Map<String, String> attributes = attributes(call.attributes(), rules);
        return call.toBuilder().request(request).outputText(output).error(error).attributes(attributes)
                .reference(reference).build();
    }

    /** The evaluation with its free texts ({@code label}, {@code explanation}) masked with the global rules. */
    public Evaluation redact(Evaluation evaluation) {
        String label = text(evaluation.label(), global);
        String explanation = text(evaluation.explanation(), global);
        if (label == evaluation.label() && explanation == evaluation.explanation()) {
            return evaluation;
        }
        return new Evaluation(evaluation.schema(), evaluation.callId(), evaluation.timestamp(), evaluation.name(),
                evaluation.score(), label, explanation, evaluation.source());
    }

    /**
     * {@code text} with every mask of {@code app} (null: the global ones) applied, e.g. a request body
     * that could not be read as a call. Masks never contain characters that JSON escapes, so masking
     * JSON text keeps it JSON.
     */
    public String redactText(String app, String text) {
        return text(text, rules(app));
    }

    private Rules rules(String app) {
        Rules own = app == null ? null : byApp.get(app);
        return own == null ? global : own;
    }

    private static Mask custom(String regex) {
        return new Mask(CUSTOM, Pattern.compile(regex), text -> true, match -> true);
    }

    private static String text(String text, Rules rules) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Mask mask : rules.masks) {
            result = mask.apply(result);
        }
        return result;
    }

    private static Map<String, String> attributes(Map<String, String> attributes, Rules rules) {
        Map<String, String> result = new LinkedHashMap<>();
        attributes.forEach((key, value) -> result.put(key, text(value, rules)));
        if (rules.dropContent) {
            result.put(CONTENT_ATTRIBUTE, CONTENT_DROPPED);
        }
        return result;
    }

    private static JsonNode withoutContent(JsonNode request, Rules rules) {
        if (request == null || !request.isObject()) {
            return null;
        }
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : request.properties()) {
            if (!CONTENT_FIELDS.contains(field.getKey()) && !Credentials.isCredential(field.getKey())) {
                kept.set(field.getKey(), json(field.getValue(), rules));
            }
        }
        return kept;
    }

    /** The node with its strings masked and its credential fields removed; the same instance when nothing changed. */
    private static JsonNode json(JsonNode node, Rules rules) {
        return JsonRewrite.rewrite(node, Credentials::isCredential, value -> text(value, rules));
    }
}
