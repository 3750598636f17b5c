package io.llmwatch.config;

/**
 * Where prices come from.
 *
 * @param catalog    path of a price catalog file (llmwatch's own format or a LiteLLM
 *                   {@code model_prices_and_context_window.json}); null = the bundled default catalog
 * @param maxAgeDays a catalog older than this is reported stale
 */
public record PricesConfig(String catalog, Integer maxAgeDays) {
}
