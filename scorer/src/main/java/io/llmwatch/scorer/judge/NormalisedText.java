package io.llmwatch.scorer.judge;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The form in which two short answers are compared for equality: Unicode NFKC (so full-width
 * letters, ligatures and "…" compare as their plain forms), lower case, runs of white space
 * collapsed to one space, and surrounding quotes, markdown emphasis and sentence punctuation removed
 * ({@code " **Billing.**"} → {@code billing}).
 *
 * <p>Only the ends are trimmed, and only of characters that wrap an answer without changing it:
 * a leading minus sign, a bracket or a currency sign is kept, so {@code -5} and {@code 5} differ.
 */
public final class NormalisedText {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private NormalisedText() {
    }

    public static String of(String text) {
        if (text == null) {
            return "";
        }
        String normal = WHITESPACE.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
                .replaceAll(" ");
        int start = 0;
        int end = normal.length();
        while (start < end && isWrapping(normal.charAt(start))) {
            start++;
        }
        while (end > start && isWrapping(normal.charAt(end - 1))) {
            end--;
        }
        return normal.substring(start, end);
    }

    /** Whether {@code a} and {@code b} are the same answer once normalised. */
    public static boolean same(String a, String b) {
        return of(a).equals(of(b));
    }

    private static boolean isWrapping(char c) {
        if (c == ' ' || ".,;:!?\"'`*".indexOf(c) >= 0) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION;
    }
}
