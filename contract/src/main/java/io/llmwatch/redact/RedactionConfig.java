package io.llmwatch.redact;

import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the collector masks or drops before it publishes a call, on top of the built-in masks (API
 * keys, e-mail addresses, card numbers, phone numbers), which always apply.
 *
 * @param patterns regular expressions masked in every app's calls
 * @param apps     per-app additions, by {@code app}
 */
public record RedactionConfig(List<String> patterns, Map<String, AppRedaction> apps) {

    public static final RedactionConfig NONE = new RedactionConfig(null, null);

    public RedactionConfig {
        // Copies that keep nulls, so that validate() can name an empty entry instead of failing here.
        patterns = patterns == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(patterns));
        Map<String, AppRedaction> byApp = new HashMap<>();
        if (apps != null) {
            apps.forEach((app, settings) -> byApp.put(app, settings == null ? AppRedaction.NONE : settings));
        }
        apps = Map.copyOf(byApp);
    }

    /** The app's own settings, or none. */
    public AppRedaction forApp(String app) {
        AppRedaction own = app == null ? null : apps.get(app);
        return own == null ? AppRedaction.NONE : own;
    }

    /**
     * One app's redaction settings.
     *
     * @param patterns    regular expressions masked in this app's calls, besides the global ones
     * @param dropContent true: publish only metadata (model, tokens, latency, cost, errors), never the
     *                    prompt or the output
     */
    public record AppRedaction(List<String> patterns, Boolean dropContent) {

        public static final AppRedaction NONE = new AppRedaction(null, null);

        public AppRedaction {
            patterns = patterns == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(patterns));
            dropContent = dropContent != null && dropContent;
        }
    }

    /** Field errors, each prefixed with {@code path}; a pattern that does not compile is one. */
    public List<FieldError> validate(String path) {
        List<FieldError> errors = new ArrayList<>(checkPatterns(path + ".patterns", patterns));
        apps.forEach((app, settings) -> errors.addAll(checkPatterns(path + ".apps." + app + ".patterns",
                settings.patterns())));
        return errors;
    }

    private static List<FieldError> checkPatterns(String path, List<String> regexes) {
        Checks checks = new Checks();
        for (int i = 0; i < regexes.size(); i++) {
            String regex = regexes.get(i);
            String field = path + "[" + i + "]";
            if (regex == null || regex.isEmpty()) {
                checks.add(new FieldError(field, "must be a non-empty regular expression"));
                continue;
            }
            try {
                if (Pattern.compile(regex).matcher("").matches()) {
                    checks.add(new FieldError(field, "must not match the empty string"));
                }
            } catch (PatternSyntaxException e) {
                checks.add(new FieldError(field, "is not a regular expression: " + e.getDescription()));
            }
        }
        return checks.errors();
    }
}
