package io.llmwatch.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Copy-on-write rewriting of a JSON tree, shared by masking ({@link Redactor}) and credential removal
 * ({@link Credentials}): only the objects and arrays on the path to a change are copied, and a tree
 * with nothing to change comes back as the same instance (the common case costs no allocation).
 */
final class JsonRewrite {

    private JsonRewrite() {
    }

    /**
     * The node with every object field whose name {@code drop} accepts removed and every string
     * replaced by {@code text} of it, at any depth.
     */
    static JsonNode rewrite(JsonNode node, Predicate<String> drop, UnaryOperator<String> text) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String rewritten = text.apply(node.textValue());
            return rewritten.equals(node.textValue()) ? node : TextNode.valueOf(rewritten);
        }
        if (node.isObject()) {
            ObjectNode copy = null;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode kept = drop.test(field.getKey()) ? null : rewrite(field.getValue(), drop, text);
                if (kept != field.getValue()) {
                    if (copy == null) {
                        copy = JsonNodeFactory.instance.objectNode().setAll((ObjectNode) node);
                    }
                    if (kept == null) {
                        copy.remove(field.getKey());
                    } else {
                        copy.set(field.getKey(), kept);
                    }
                }
            }
            return copy == null ? node : copy;
        }
        if (node.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode kept = rewrite(node.get(i), drop, text);
                if (kept != node.get(i)) {
                    if (copy == null) {
                        copy = JsonNodeFactory.instance.arrayNode().addAll((ArrayNode) node);
                    }
                    copy.set(i, kept);
                }
            }
            return copy == null ? node : copy;
        }
        return node;
    }
}
