package io.llmwatch.price;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads LiteLLM's {@code model_prices_and_context_window.json}: an object from model name to an
 * entry with prices per token ({@code input_cost_per_token}, {@code output_cost_per_token},
 * {@code cache_read_input_token_cost}, {@code cache_creation_input_token_cost},
 * {@code output_cost_per_reasoning_token}, {@code input_cost_per_token_above_200k_tokens}, …),
 * {@code litellm_provider} and {@code mode}.
 *
 * <p>Kept: text-generation entries ({@code mode} chat, completion or responses, or no mode) that
 * have both an input and an output token price. Skipped: {@code sample_spec} (the format's own
 * documentation), embeddings, images, audio, rerank and other modes, and entries priced otherwise
 * (per image, per second, per character).
 */
final class LiteLlmFormat {

    private static final String SAMPLE_SPEC = "sample_spec";
    private static final Set<String> TEXT_MODES = Set.of("chat", "completion", "responses");
    private static final Pattern TIER_FIELD =
            Pattern.compile("(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost"
                    + "|cache_creation_input_token_cost)_above_(\\d+)k_tokens");

    private LiteLlmFormat() {
    }

    static List<ModelPrice> read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new ValidationException("$", "must be a JSON object from model name to prices");
        }
        List<ModelPrice> models = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String name = entry.getKey();
            JsonNode spec = entry.getValue();
            if (SAMPLE_SPEC.equals(name)) {
                continue;
            }
            if (!spec.isObject()) {
                errors.add(new FieldError(name, "must be an object of prices, not " + spec.getNodeType().name().toLowerCase(Locale.ROOT)));
                continue;
            }
            int before = errors.size();
            ModelPrice price = entry(name, spec, errors);
            if (price != null && errors.size() == before) {
                models.add(price);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return models;
    }

    /** The entry as a price, or null when it is not a priced text-generation model. */
    private static ModelPrice entry(String name, JsonNode spec, List<FieldError> errors) {
        JsonNode mode = spec.get("mode");
        if (mode != null && !mode.isNull() && !TEXT_MODES.contains(mode.asText())) {
            return null;
        }
        Double input = perToken(name, spec, "input_cost_per_token", errors);
        Double output = perToken(name, spec, "output_cost_per_token", errors);
        Double cacheRead = perToken(name, spec, "cache_read_input_token_cost", errors);
        Double cacheWrite = perToken(name, spec, "cache_creation_input_token_cost", errors);
        Double reasoning = perToken(name, spec, "output_cost_per_reasoning_token", errors);
        if (input == null || output == null) {
            return null;
        }
        JsonNode provider = spec.get("litellm_provider");
        return new ModelPrice(name, provider == null || provider.isNull() ? null : provider.asText(), List.of(),
                input, output, cacheRead, cacheWrite, reasoning, tier(name, spec, input, output, errors));
    }

    /**
     * The lowest long-context threshold the entry prices ({@code …_above_200k_tokens}, also 128k and
     * 272k in the wild). Only one tier is kept: requests above a second, higher threshold are rare
     * enough that pricing them at the first tier is the smaller error than not pricing them.
     */
    private static LongContextTier tier(String name, JsonNode spec, double input, double output, List<FieldError> errors) {
        Map<Long, Map<String, Double>> tiers = new TreeMap<>();
        for (Map.Entry<String, JsonNode> property : spec.properties()) {
            String field = property.getKey();
            Matcher m = TIER_FIELD.matcher(field);
            if (m.matches()) {
                Double value = perToken(name, spec, field, errors);
                if (value != null) {
                    tiers.computeIfAbsent(Long.parseLong(m.group(2)) * 1000, k -> new TreeMap<>()).put(m.group(1), value);
                }
            }
        }
        for (Map.Entry<Long, Map<String, Double>> t : tiers.entrySet()) {
            Map<String, Double> prices = t.getValue();
            Double tierInput = prices.get("input_cost_per_token");
            Double tierOutput = prices.get("output_cost_per_token");
            if (tierInput != null || tierOutput != null) {
                return new LongContextTier(t.getKey(), tierInput != null ? tierInput : input,
                        tierOutput != null ? tierOutput : output,
                        prices.get("cache_read_input_token_cost"), prices.get("cache_creation_input_token_cost"));
            }
        }
        return null;
    }

    /** A per-token price converted to per 1M tokens; null when absent; an error when not a price. */
    private static Double perToken(String name, JsonNode spec, String field, List<FieldError> errors) {
        JsonNode value = spec.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < 0) {
            errors.add(new FieldError(name + "." + field, "must be a number >= 0 (USD per token), not " + value));
            return null;
        }
        return Prices.perMtok(value.doubleValue());
    }
}
