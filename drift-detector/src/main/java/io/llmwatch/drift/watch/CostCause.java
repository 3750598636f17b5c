package io.llmwatch.drift.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a model's cost per call rose: its price (cost per token) or its token usage (tokens per call
 * at the same price), whichever moved more, compared over the level before the change and the
 * level since. A {@code price/<model>} entry on {@code llmwatch.control} is named as corroboration;
 * the figures decide, because an application that reports its own costs changes price without one.
 *
 * @param cause               {@code price_change}, {@code token_inflation}, or {@code unknown} (no token counts)
 * @param tokensPerCallBefore mean input + output tokens per call before the change
 * @param tokensPerCallAfter  and since
 * @param priceEntry          the control key of a live price for the model, or null
 * @param priceValue          its value
 */
record CostCause(String cause, Double tokensPerCallBefore, Double tokensPerCallAfter, String priceEntry,
        JsonNode priceValue) {

    static final String PRICE_CHANGE = "price_change";
    static final String TOKEN_INFLATION = "token_inflation";
    static final String UNKNOWN = "unknown";

    /**
     * @param costBefore cost per call before the change
     * @param costAfter  and since
     */
    static CostCause of(double costBefore, double costAfter, Double tokensBefore, Double tokensAfter, String priceEntry,
            JsonNode priceValue) {
        if (tokensBefore == null || tokensAfter == null || tokensBefore <= 0 || tokensAfter <= 0) {
            return new CostCause(UNKNOWN, tokensBefore, tokensAfter, priceEntry, priceValue);
        }
        double tokenRatio = tokensAfter / tokensBefore;
        double priceRatio = (costAfter / tokensAfter) / (costBefore / tokensBefore);
        String cause = Math.abs(Math.log(priceRatio)) >= Math.abs(Math.log(tokenRatio)) ? PRICE_CHANGE : TOKEN_INFLATION;
        return new CostCause(cause, tokensBefore, tokensAfter, priceEntry, priceValue);
    }

    double tokenRatio() {
        return tokensPerCallAfter / tokensPerCallBefore;
    }

    /** {@code a price change (cost per token +50 %, tokens per call +0 %)}. */
    String text(double costBefore, double costAfter) {
        String entry = priceEntry == null ? "" : "; " + priceEntry + " is set on llmwatch.control";
        if (cause.equals(UNKNOWN)) {
            return "price change or token inflation: the token counts are unknown" + entry;
        }
        double priceRatio = (costAfter / costBefore) / tokenRatio();
        String figures = "cost per token " + Figures.change(priceRatio) + ", tokens per call " + Figures.change(tokenRatio());
        return (cause.equals(PRICE_CHANGE) ? "a price change" : "token inflation at the same price") + " (" + figures + entry + ")";
    }

    void addTo(Map<String, Object> details, double costBefore, double costAfter) {
        details.put("cause", cause);
        if (tokensPerCallBefore != null) {
            details.put("tokens_per_call_before", Figures.rounded(tokensPerCallBefore));
        }
        if (tokensPerCallAfter != null) {
            details.put("tokens_per_call_after", Figures.rounded(tokensPerCallAfter));
        }
        if (!cause.equals(UNKNOWN)) {
            details.put("cost_per_mtok_before", Figures.rounded(costBefore / tokensPerCallBefore * 1_000_000));
            details.put("cost_per_mtok_after", Figures.rounded(costAfter / tokensPerCallAfter * 1_000_000));
        }
        if (priceEntry != null) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", priceEntry);
            entry.put("value", priceValue);
            details.put("price_entry", entry);
        }
    }
}
