package io.llmwatch.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.llmwatch.redact.RedactionConfig;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.time.Duration;
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
 *   max_items_per_request: 1000
 *   max_dead_letters_per_request: 100
 *   read_timeout: 10s
 *   otlp_grpc_port: 4317
 * </pre>
 *
 * @param apiKeys                  keys accepted on ingest and proxy requests (more may come from {@code LLMWATCH_API_KEYS})
 * @param defaultApp               {@code app} of a proxied call without an {@code X-LLMWatch-App} header
 * @param defaultTask              {@code task_type} of a proxied call without an {@code X-LLMWatch-Task} header
 * @param redaction                extra masking and content dropping; the built-in masks always apply
 * @param maxItemsPerRequest       events (or OTLP spans) one request may carry; more is answered 413
 * @param maxDeadLettersPerRequest rejected items of one request written to the DLQ one by one; the rest
 *                                 are summarised in one more dead letter
 * @param readTimeout              how long a request body may stall before the request is answered 408
 * @param otlpGrpcPort             serve OTLP/gRPC on this port (4317 by convention; 0 = a free one) on the
 *                                 collector's bind address; absent = OTLP over HTTP only
 */
public record CollectorConfig(List<String> apiKeys, String defaultApp, String defaultTask, RedactionConfig redaction,
                              Integer maxItemsPerRequest, Integer maxDeadLettersPerRequest,
                              @JsonDeserialize(using = DurationText.Deserializer.class) Duration readTimeout,
                              Integer otlpGrpcPort) {

    public static final String DEFAULT_APP = "unlabelled";
    public static final String DEFAULT_TASK = "chat";
    public static final int DEFAULT_MAX_ITEMS_PER_REQUEST = 1_000;
    public static final int DEFAULT_MAX_DEAD_LETTERS_PER_REQUEST = 100;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    public static final CollectorConfig DEFAULT = new CollectorConfig(null, null, null, null, null, null, null, null);

    public CollectorConfig {
        apiKeys = apiKeys == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(apiKeys));
        defaultApp = defaultApp == null ? DEFAULT_APP : defaultApp;
        defaultTask = defaultTask == null ? DEFAULT_TASK : defaultTask;
        redaction = redaction == null ? RedactionConfig.NONE : redaction;
        maxItemsPerRequest = maxItemsPerRequest == null ? DEFAULT_MAX_ITEMS_PER_REQUEST : maxItemsPerRequest;
        maxDeadLettersPerRequest = maxDeadLettersPerRequest == null
                ? DEFAULT_MAX_DEAD_LETTERS_PER_REQUEST : maxDeadLettersPerRequest;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
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
                .check(maxItemsPerRequest >= 1, path + ".max_items_per_request", "must be >= 1")
                .check(maxDeadLettersPerRequest >= 0, path + ".max_dead_letters_per_request", "must be >= 0")
                .check(readTimeout.toMillis() >= 100, path + ".read_timeout", "must be at least 100ms")
                .check(otlpGrpcPort == null || otlpGrpcPort >= 0 && otlpGrpcPort <= 65_535, path + ".otlp_grpc_port",
                        "must be between 0 and 65535")
                .errors());
        errors.addAll(redaction.validate(path + ".redaction"));
        return errors;
    }
}
