package io.llmwatch.scorer.quality;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code correctness} dimension from a call's {@code reference}, when the application knows the
 * expected output.
 *
 * <p>The expected output is {@code reference.expected_output} (or {@code reference} itself when it
 * is a plain string); a non-string value (number, object, array) is compared through its JSON text.
 * Both sides are normalised: lower case, every character that is not a letter or digit becomes a
 * space, runs of spaces collapse. Then:
 * <ul>
 *   <li>the normalised texts are equal → 1;</li>
 *   <li>otherwise the token F1 (as in SQuAD): the harmonic mean of precision (shared tokens / output
 *       tokens) and recall (shared tokens / expected tokens), tokens counted as a multiset. So the
 *       same words in another order also score 1, and an empty or missing output scores 0.</li>
 * </ul>
 * No reference, or none with an expected output, leaves correctness unmeasured (null).
 */
public final class ReferenceMatch {

    public static final String EXPECTED_OUTPUT = "expected_output";

    private ReferenceMatch() {
    }

    /** Correctness of {@code output} against {@code reference}, or null when there is nothing to compare with. */
    public static Double correctness(JsonNode reference, String output) {
        String expected = expected(reference);
        if (expected == null) {
            return null;
        }
        return tokenF1(output == null ? "" : output, expected);
    }

    private static String expected(JsonNode reference) {
        if (reference == null || reference.isNull() || reference.isMissingNode()) {
            return null;
        }
        if (reference.isTextual()) {
            return reference.asText();
        }
        JsonNode expected = reference.get(EXPECTED_OUTPUT);
        if (expected == null || expected.isNull()) {
            return null;
        }
        return expected.isTextual() ? expected.asText() : expected.toString();
    }

    /** Normalised exact match → 1, else token F1 of {@code output} against {@code expected}. */
    public static double tokenF1(String output, String expected) {
        List<String> predicted = tokens(output);
        List<String> truth = tokens(expected);
        if (predicted.equals(truth)) {
            return 1;
        }
        if (predicted.isEmpty() || truth.isEmpty()) {
            return 0;
        }
        Map<String, Integer> remaining = new HashMap<>();
        for (String token : truth) {
            remaining.merge(token, 1, Integer::sum);
        }
        int shared = 0;
        for (String token : predicted) {
            Integer left = remaining.get(token);
            if (left != null && left > 0) {
                remaining.put(token, left - 1);
                shared++;
            }
        }
        if (shared == 0) {
            return 0;
        }
        double precision = (double) shared / predicted.size();
        double recall = (double) shared / truth.size();
        return 2 * precision * recall / (precision + recall);
    }

    /** The normalised tokens: lower-case runs of letters and digits. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                current.appendCodePoint(Character.toLowerCase(cp));
            } else if (current.length() > 0) {
                tokens.add(current.toString());
                current.setLength(0);
            }
            i += Character.charCount(cp);
        }
        if (current.length() > 0) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
