package io.llmwatch.scorer.judge;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Field-level agreement of two JSON documents (model outputs, tool-call arguments, a reference).
 * A <em>field</em> is a leaf: a string, number, boolean or null, or an empty object or array. The
 * agreement is {@code matched / fields} over the union of both documents' fields, so every leaf
 * weighs the same however deeply it is nested:
 * <ul>
 *   <li><b>objects</b> are compared key by key over the union of their keys; a key only one side has
 *       contributes all of its leaves as disagreeing;</li>
 *   <li><b>arrays of scalars</b> are compared as multisets ({@code ["refund","billing"]} agrees fully
 *       with {@code ["billing","refund"]}): matched = elements paired off, fields = the longer length.
 *       Models list labels and tags in no stable order, and the order rarely carries meaning there;</li>
 *   <li><b>other arrays</b> (of objects or arrays) by position, missing positions disagreeing: records
 *       in a list are usually ordered (steps, line items) and have no key to pair them by;</li>
 *   <li><b>leaves</b> agree when they are the same number within a relative tolerance (a number
 *       written as a string counts as that number: {@code "42"} = {@code 42}), the same boolean, both
 *       null, or the same text after {@link NormalisedText};</li>
 *   <li>a string that itself holds a JSON object or array (OpenAI sends tool-call {@code arguments}
 *       as a JSON string) is compared as the document it holds;</li>
 *   <li>different shapes (object vs array vs leaf) disagree in every field of the larger side.</li>
 * </ul>
 */
public final class JsonAgreement {

    /** Relative tolerance for numbers: absorbs float formatting, not a different amount. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-6;

    /** Strict: {@code {"a":1} trailing words} is not JSON. */
    private static final ObjectReader STRICT = Json.mapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A number as JSON writes it (Java's parser alone would also take {@code 2d} or {@code NaN}). */
    private static final Pattern NUMBER = Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final double relativeTolerance;

    public JsonAgreement() {
        this(DEFAULT_RELATIVE_TOLERANCE);
    }

    public JsonAgreement(double relativeTolerance) {
        if (!(relativeTolerance >= 0)) {
            throw new IllegalArgumentException("relative tolerance must be >= 0, not " + relativeTolerance);
        }
        this.relativeTolerance = relativeTolerance;
    }

    /**
     * Parses a model's output as one JSON value. One surrounding markdown code fence
     * ({@code ```json … ```}) is removed first: models add it even when asked for bare JSON, and it
     * does not change the content. Empty when the text is not exactly one JSON value.
     */
    public static Optional<JsonNode> parse(String output) {
        if (output == null) {
            return Optional.empty();
        }
        String text = withoutCodeFence(output.strip());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(STRICT.readTree(text));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** How many fields of {@code a} and {@code b} agree. */
    public FieldAgreement compare(JsonNode a, JsonNode b) {
        JsonNode left = embedded(a);
        JsonNode right = embedded(b);
        if (left.isObject() && right.isObject()) {
            return objects(left, right);
        }
        if (left.isArray() && right.isArray()) {
            return scalars(left) && scalars(right) ? multisets(left, right) : positions(left, right);
        }
        if (left.isContainerNode() || right.isContainerNode()) {
            return FieldAgreement.mismatch(Math.max(leaves(left), leaves(right)));
        }
        return sameLeaf(left, right) ? FieldAgreement.MATCH : FieldAgreement.mismatch(1);
    }

    /** Whether two scalar values agree: same number (within tolerance), boolean, null, or normalised text. */
    public boolean sameLeaf(JsonNode a, JsonNode b) {
        if (a.isNull() || b.isNull()) {
            return a.isNull() && b.isNull();
        }
        Double x = number(a);
        Double y = number(b);
        if (x != null && y != null) {
            return x.equals(y) || Math.abs(x - y) <= relativeTolerance * Math.max(Math.abs(x), Math.abs(y));
        }
        return NormalisedText.same(a.asText(), b.asText());
    }

    /** The number of fields (leaves) of a document; an empty object or array is one field. */
    static int leaves(JsonNode node) {
        JsonNode value = embedded(node);
        if (!value.isContainerNode() || value.isEmpty()) {
            return 1;
        }
        int count = 0;
        for (JsonNode child : value) {
            count += leaves(child);
        }
        return count;
    }

    private FieldAgreement objects(JsonNode a, JsonNode b) {
        if (a.isEmpty() && b.isEmpty()) {
            return FieldAgreement.MATCH;
        }
        Set<String> keys = new LinkedHashSet<>();
        a.fieldNames().forEachRemaining(keys::add);
        b.fieldNames().forEachRemaining(keys::add);
        FieldAgreement total = new FieldAgreement(0, 0);
        for (String key : keys) {
            JsonNode x = a.get(key);
            JsonNode y = b.get(key);
            total = total.plus(x == null || y == null ? FieldAgreement.mismatch(leaves(x == null ? y : x)) : compare(x, y));
        }
        return total;
    }

    private FieldAgreement positions(JsonNode a, JsonNode b) {
        if (a.isEmpty() && b.isEmpty()) {
            return FieldAgreement.MATCH;
        }
        FieldAgreement total = new FieldAgreement(0, 0);
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            JsonNode x = a.get(i);
            JsonNode y = b.get(i);
            total = total.plus(x == null || y == null ? FieldAgreement.mismatch(leaves(x == null ? y : x)) : compare(x, y));
        }
        return total;
    }

    private FieldAgreement multisets(JsonNode a, JsonNode b) {
        if (a.isEmpty() && b.isEmpty()) {
            return FieldAgreement.MATCH;
        }
        List<JsonNode> unpaired = new ArrayList<>();
        b.forEach(unpaired::add);
        int matched = 0;
        for (JsonNode x : a) {
            for (Iterator<JsonNode> it = unpaired.iterator(); it.hasNext(); ) {
                if (sameLeaf(x, it.next())) {
                    it.remove();
                    matched++;
                    break;
                }
            }
        }
        return new FieldAgreement(matched, Math.max(a.size(), b.size()));
    }

    private static boolean scalars(JsonNode array) {
        for (JsonNode element : array) {
            if (embedded(element).isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    /** The document a string holds when it holds a JSON object or array; else the node itself. */
    private static JsonNode embedded(JsonNode node) {
        if (node.isTextual()) {
            String text = node.asText().strip();
            if (text.startsWith("{") || text.startsWith("[")) {
                try {
                    return STRICT.readTree(text);
                } catch (IOException e) {
                    return node;
                }
            }
        }
        return node;
    }

    private static Double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            String text = node.asText().strip();
            if (NUMBER.matcher(text).matches()) {
                double value = Double.parseDouble(text);
                return Double.isFinite(value) ? value : null;
            }
        }
        return null;
    }

    private static String withoutCodeFence(String text) {
        if (!text.startsWith("```") || !text.endsWith("```") || text.length() < 6) {
            return text;
        }
        int firstLineEnd = text.indexOf('\n');
        if (firstLineEnd < 0) {
            return text;
        }
        return text.substring(firstLineEnd + 1, text.length() - 3).strip();
    }
}
