package io.llmwatch.redact;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The masks that always apply: API keys and bearer tokens, e-mail addresses, card numbers (Luhn
 * checked) and phone numbers. Order matters: a card number must be masked before the phone pattern
 * could take a piece of it.
 */
final class DefaultMasks {

    static final String API_KEY = "api_key";
    static final String EMAIL = "email";
    static final String CARD = "card_number";
    static final String PHONE = "phone";

    private static final Pattern API_KEYS = Pattern.compile(String.join("|",
            // OpenAI, Anthropic, OpenRouter, DeepSeek... (sk-, sk-proj-, sk-ant-, sk-or-v1-)
            "\\bsk-[A-Za-z0-9_-]{16,}",
            // An Authorization header value pasted into a prompt or an error message
            "\\b[Bb]earer\\s+[A-Za-z0-9._~+/=-]{8,}",
            // Groq, Google, AWS access key ids, GitHub, Slack, Hugging Face, llmwatch's own generated keys
            "\\bgsk_[A-Za-z0-9]{20,}", "\\bAIza[0-9A-Za-z_-]{35}", "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b",
            "\\bgh[pousr]_[A-Za-z0-9]{30,}", "\\bxox[abprs]-[A-Za-z0-9-]{10,}", "\\bhf_[A-Za-z0-9]{30,}",
            "\\blw_[A-Za-z0-9_-]{32,}"));
    private static final Pattern EMAILS = Pattern.compile(
            "[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}");
    /** 13 to 19 digits, optionally grouped by single spaces or dashes, not part of a longer number. */
    private static final Pattern CARDS = Pattern.compile("(?<!\\d)(?<!\\d[.,-])\\d(?:[ -]?\\d){12,18}(?!\\d)(?![.,-]\\d)");
    /**
     * International numbers ({@code +} and 8 to 15 digits in groups) and North American ones
     * ({@code (555) 123-4567}, {@code 555-123-4567}, {@code 555.123.4567}); bare digit runs (order
     * ids, amounts) and dates are left alone.
     */
    private static final Pattern PHONES = Pattern.compile(
            "(?<![\\w+])\\+\\d{1,3}(?:[ .-]?\\(?\\d{1,5}\\)?){2,6}(?![\\d-])"
                    + "|(?<![\\w(+.-])(?:\\(\\d{3}\\)\\s?|\\d{3}[.-])\\d{3}[.-]\\d{4}(?![\\w-]|\\.\\d)");

    static final List<Mask> ALL = List.of(
            new Mask(API_KEY, API_KEYS, DefaultMasks::mightHoldKey, match -> true),
            new Mask(EMAIL, EMAILS, text -> text.indexOf('@') >= 0, match -> true),
            new Mask(CARD, CARDS, text -> hasDigits(text, 13), DefaultMasks::luhnValid),
            new Mask(PHONE, PHONES, text -> hasDigits(text, 8), DefaultMasks::phoneLength));

    private DefaultMasks() {
    }

    private static boolean mightHoldKey(String text) {
        return text.contains("sk-") || text.contains("earer") || text.contains("_") || text.contains("AIza")
                || text.contains("AKIA") || text.contains("ASIA") || text.contains("xox");
    }

    /** At least {@code count} digits in the text: a card has 13 or more, a phone number 8 or more. */
    private static boolean hasDigits(String text, int count) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && ++digits == count) {
                return true;
            }
        }
        return false;
    }

    /** The Luhn checksum of the match's digits: true for real card numbers, false for most other numbers. */
    static boolean luhnValid(String match) {
        int sum = 0;
        int digits = 0;
        boolean doubled = false;
        for (int i = match.length() - 1; i >= 0; i--) {
            char c = match.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            digits++;
            doubled = !doubled;
        }
        return digits >= 13 && digits <= 19 && sum % 10 == 0;
    }

    private static boolean phoneLength(String match) {
        int digits = 0;
        for (int i = 0; i < match.length(); i++) {
            if (Character.isDigit(match.charAt(i))) {
                digits++;
            }
        }
        return digits >= 8 && digits <= 15;
    }
}
