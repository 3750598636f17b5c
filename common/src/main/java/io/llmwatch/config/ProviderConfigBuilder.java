package io.llmwatch.config;

import java.util.List;

/**
 * Builds a {@link ProviderConfig} field by field ({@link ProviderConfig#builder()}), instead of its
 * positional arguments, several of them optional numbers. Fields left out stay absent (the record's
 * defaults apply: every model, chat completions, no idempotency keys). Not thread-safe.
 */
public final class ProviderConfigBuilder {

    private String baseUrl;
    private String apiKeyEnv;
    private Integer maxConcurrency;
    private Long timeoutMs;
    private List<String> models;
    private List<String> apis;
    private Boolean idempotencyKeys;

    ProviderConfigBuilder() {
    }

    public ProviderConfigBuilder baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
        return this;
    }

    public ProviderConfigBuilder apiKeyEnv(String apiKeyEnv) {
        this.apiKeyEnv = apiKeyEnv;
        return this;
    }

    public ProviderConfigBuilder maxConcurrency(Integer maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
        return this;
    }

    public ProviderConfigBuilder timeoutMs(Long timeoutMs) {
        this.timeoutMs = timeoutMs;
        return this;
    }

    public ProviderConfigBuilder models(List<String> models) {
        this.models = models;
        return this;
    }

    public ProviderConfigBuilder apis(List<String> apis) {
        this.apis = apis;
        return this;
    }

    public ProviderConfigBuilder idempotencyKeys(Boolean idempotencyKeys) {
        this.idempotencyKeys = idempotencyKeys;
        return this;
    }

    public ProviderConfig build() {
        return new ProviderConfig(baseUrl, apiKeyEnv, maxConcurrency, timeoutMs, models, apis, idempotencyKeys);
    }
}
