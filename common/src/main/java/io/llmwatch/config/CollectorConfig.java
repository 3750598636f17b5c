package io.llmwatch.config;

import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The collector's section of {@code llmwatch.yaml}: who may send to it, what the recording proxy
 * labels calls with when the caller does not say, and what is masked before anything is published.
 *
 * <pre>
 * collector:
 *   api_keys: [lw_prod_key_1, lw_prod_key_2]
 *   default_app: unlabelled
 *   default_task: chat
 *   redaction:
 *     patterns: ['ACME-\d{8}']
 *     apps:
 *       support: {patterns: ['ORD-\d{6}'], drop_content: true}
 * </pre>
 *
 * @param apiKeys     keys accepted on ingest and proxy requests (more may come from {@code LLMWATCH_API_KEYS})
 * @param defaultApp  {@code app} of a proxied call without an {@code X-LLMWatch-App} header
 * @param defaultTask {@code task_type} of a proxied call without an {@code X-LLMWatch-Task} header
 * @param redaction   extra masking and content dropping; the built-in masks always apply
 */
public record CollectorConfig(List<String> apiKeys, String defaultApp, String defaultTask, RedactionConfig redaction) {

    public static final String DEFAULT_APP = "unlabelled";
    public static final String DEFAULT_TASK = "chat";
    public static final CollectorConfig DEFAULT = new CollectorConfig(null, null, null, null);

    public CollectorConfig {
        apiKeys = apiKeys == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(apiKeys));
        defaultApp = defaultApp == null ? DEFAULT_APP : defaultApp;
        defaultTask = defaultTask == null ? DEFAULT_TASK : defaultTask;
        redaction = redaction == null ? RedactionConfig.NONE : redaction;
    }

    /** Field errors, each prefixed with {@code path} (e.g. {@code collector}). */
    public List<FieldError> validate(String path) {
        List<FieldError> errors = new ArrayList<>(new Checks()
                .check(apiKeys.stream().noneMatch(key -> key == null || key.isBlank()), path + ".api_keys",
                        "must not contain empty keys")
                .check(!defaultApp.isBlank() && defaultApp.indexOf('/') < 0, path + ".default_app",
                        "must be non-empty and without '/'")
                .check(!defaultTask.isBlank() && defaultTask.indexOf('/') < 0, path + ".default_task",
                        "must be non-empty and without '/'")
                .errors());
        errors.addAll(redaction.validate(path + ".redaction"));
        return errors;
    }
}
