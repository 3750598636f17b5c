package io.llmwatch.redact;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of sensitive text: a precompiled pattern, a cheap test that rules a text out before the
 * pattern runs, and a check of each match (e.g. Luhn for card numbers) so that look-alikes stay.
 */
record Mask(String label, Pattern pattern, Predicate<String> mightContain, Predicate<String> confirm) {

    String replacement() {
        return "[REDACTED:" + label + "]";
    }

    /** The text with every confirmed match replaced; the same instance when nothing matched. */
    String apply(String text) {
        if (!mightContain.test(text)) {
            return text;
        }
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        do {
            if (confirm.test(matcher.group())) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, matcher.start()).append(replacement());
                copied = matcher.end();
            }
        } while (matcher.find());
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }
}
