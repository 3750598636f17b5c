package io.llmwatch.price;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a model name reported by a call is matched against catalog names: case-insensitively, and
 * after normalisation, without a provider prefix ({@code openai/gpt-4.1},
 * {@code openrouter/anthropic/claude-haiku-4-5}), a snapshot date ({@code gpt-4.1-2025-04-14},
 * {@code claude-haiku-4-5-20251001}, {@code claude-3-5-sonnet@20240620}) or {@code -latest}.
 *
 * <p>Four-digit suffixes ({@code gpt-4-0613}, {@code mistral-large-2411}) are left alone: they are as
 * often versions with their own price as dates.
 */
final class ModelNames {

    private static final Pattern DATE_SUFFIX = Pattern.compile("(-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|@\\d{8})$");
    private static final String LATEST = "-latest";

    private ModelNames() {
    }

    /** The exact-match form: trimmed and lower case. */
    static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    /** Without a provider prefix: {@code openrouter/openai/gpt-4o} → {@code gpt-4o}; lower case. */
    static String withoutProvider(String name) {
        String n = key(name);
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** The normalised form, e.g. {@code OpenAI/GPT-4.1-2025-04-14} → {@code gpt-4.1}. */
    static String normalise(String name) {
        String n = withoutProvider(name);
        n = DATE_SUFFIX.matcher(n).replaceFirst("");
        if (n.endsWith(LATEST)) {
            n = n.substring(0, n.length() - LATEST.length());
        }
        return n;
    }
}
