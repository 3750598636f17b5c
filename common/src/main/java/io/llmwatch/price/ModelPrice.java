package io.llmwatch.price;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.util.List;

/**
 * The list prices of one model, in USD per 1M tokens, as an entry of the {@link PriceCatalog} and as
 * the value of a {@code price/<model>} key on {@code llmwatch.control}.
 *
 * <p>Token accounting follows the OpenTelemetry GenAI conventions (see {@link Usage}): input tokens
 * include cache reads and cache writes, output tokens include reasoning tokens. So a call is priced
 * as uncached input + cache reads + cache writes + non-reasoning output + reasoning output, each at
 * its own price, and nothing is counted twice.
 *
 * @param model             the catalog name, e.g. {@code gpt-4.1}
 * @param provider          who sells it at these prices ({@code openai}, {@code anthropic}, …), or null
 * @param aliases           other names that price as this model (dated snapshots, marketing names)
 * @param inputPerMtok      uncached input tokens
 * @param outputPerMtok     output tokens (reasoning tokens too, unless {@code reasoningPerMtok} is set)
 * @param cacheReadPerMtok  input tokens read from a prompt cache; null = the input price
 * @param cacheWritePerMtok input tokens written to a prompt cache; null = the input price
 * @param reasoningPerMtok  reasoning output tokens when the provider prices them apart; null = the output price
 * @param longContext       prices for long requests, or null when the model has none
 */
public record ModelPrice(
        @JsonProperty(required = true) String model,
        String provider,
        List<String> aliases,
        @JsonProperty(required = true) double inputPerMtok,
        @JsonProperty(required = true) double outputPerMtok,
        Double cacheReadPerMtok,
        Double cacheWritePerMtok,
        Double reasoningPerMtok,
        LongContextTier longContext) {

    static final String INVALID_PRICE = "must be a finite number >= 0 (USD per 1M tokens)";
    private static final double MTOK = 1_000_000d;

    public ModelPrice {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    /** A model with only input and output prices. */
    public static ModelPrice of(String model, String provider, double inputPerMtok, double outputPerMtok) {
        return new ModelPrice(model, provider, List.of(), inputPerMtok, outputPerMtok, null, null, null, null);
    }

    /**
     * Reads one entry written in llmwatch's JSON form (snake_case field names, as
     * {@code Json.mapper()} writes this record).
     *
     * @throws ValidationException naming the offending field
     */
    public static ModelPrice fromJson(JsonNode node) {
        ModelPrice price = Prices.bind(node, "");
        List<FieldError> errors = price.validate("");
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return price;
    }

    /**
     * Reads the value of the control key {@code price/<model>}. The key names the model; the value
     * may leave {@code model} out, and must not name another one.
     *
     * @throws ValidationException naming the offending field
     */
    public static ModelPrice fromControl(String model, JsonNode value) {
        if (value == null || !value.isObject()) {
            throw new ValidationException("$", "must be a JSON object with input_per_mtok and output_per_mtok");
        }
        JsonNode declared = value.get("model");
        if (declared != null && !declared.isNull() && !model.equalsIgnoreCase(declared.asText())) {
            throw new ValidationException("model",
                    "'" + declared.asText() + "' does not match the control key price/" + model);
        }
        ObjectNode withModel = ((ObjectNode) value).deepCopy();
        withModel.put("model", model);
        return fromJson(withModel);
    }

    /** This entry as JSON, the form {@link #fromJson} reads. */
    public JsonNode toJson() {
        return Json.mapper().valueToTree(this);
    }

    /** Every problem with this entry; field names are prefixed with {@code path} (e.g. {@code models[3]}). */
    public List<FieldError> validate(String path) {
        String p = path.isEmpty() ? "" : path + ".";
        Checks checks = new Checks()
                .required(p + "model", model)
                .check(validPrice(inputPerMtok), p + "input_per_mtok", INVALID_PRICE)
                .check(validPrice(outputPerMtok), p + "output_per_mtok", INVALID_PRICE)
                .check(validPrice(cacheReadPerMtok), p + "cache_read_per_mtok", INVALID_PRICE)
                .check(validPrice(cacheWritePerMtok), p + "cache_write_per_mtok", INVALID_PRICE)
                .check(validPrice(reasoningPerMtok), p + "reasoning_per_mtok", INVALID_PRICE);
        for (int i = 0; i < aliases.size(); i++) {
            checks.required(p + "aliases[" + i + "]", aliases.get(i));
        }
        if (longContext != null) {
            longContext.validate(p + "long_context").forEach(checks::add);
        }
        return checks.errors();
    }

    /** Whether a request with this many input tokens is priced by the long-context tier. */
    public boolean isLongContext(long inputTokens) {
        return longContext != null && longContext.appliesTo(inputTokens);
    }

    /**
     * The cost in USD of one request with this usage.
     *
     * @throws IllegalArgumentException when input or output tokens are unknown, a count is negative,
     *                                  or a breakdown exceeds its total (use {@link #usageProblem} first)
     */
    public double cost(Usage usage) {
        String problem = usageProblem(usage);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        long input = usage.inputTokens();
        long cacheRead = orZero(usage.cacheReadInputTokens());
        long cacheWrite = orZero(usage.cacheCreationInputTokens());
        long output = usage.outputTokens();
        long reasoning = reasoningPerMtok == null ? 0 : orZero(usage.reasoningOutputTokens());

        boolean tier = isLongContext(input);
        double inputPrice = tier ? longContext.inputPerMtok() : inputPerMtok;
        double outputPrice = tier ? longContext.outputPerMtok() : outputPerMtok;
        double cacheReadPrice = cachePrice(tier, cacheReadPerMtok, tier ? longContext.cacheReadPerMtok() : null, inputPrice);
        double cacheWritePrice = cachePrice(tier, cacheWritePerMtok, tier ? longContext.cacheWritePerMtok() : null, inputPrice);
        double reasoningPrice = reasoningPerMtok == null ? outputPrice
                : tier ? scale(reasoningPerMtok, longContext.outputPerMtok(), outputPerMtok) : reasoningPerMtok;

        return ((input - cacheRead - cacheWrite) * inputPrice
                + cacheRead * cacheReadPrice
                + cacheWrite * cacheWritePrice
                + (output - reasoning) * outputPrice
                + reasoning * reasoningPrice) / MTOK;
    }

    /**
     * The expected cost in USD of a request with this many input and output tokens, without cache
     * or reasoning breakdowns (e.g. a task's mean token profile); the long-context tier applies when
     * {@code inputTokens} is above its threshold.
     */
    public double expectedCost(double inputTokens, double outputTokens) {
        boolean tier = longContext != null && inputTokens > longContext.aboveInputTokens();
        return (inputTokens * (tier ? longContext.inputPerMtok() : inputPerMtok)
                + outputTokens * (tier ? longContext.outputPerMtok() : outputPerMtok)) / MTOK;
    }

    /** Why this usage cannot be priced, or null when it can. */
    public static String usageProblem(Usage usage) {
        if (usage == null) {
            return "usage not reported (input_tokens and output_tokens unknown)";
        }
        if (usage.inputTokens() == null) {
            return "usage.input_tokens not reported";
        }
        if (usage.outputTokens() == null) {
            return "usage.output_tokens not reported";
        }
        if (usage.inputTokens() < 0 || usage.outputTokens() < 0 || orZero(usage.cacheReadInputTokens()) < 0
                || orZero(usage.cacheCreationInputTokens()) < 0 || orZero(usage.reasoningOutputTokens()) < 0) {
            return "usage has a negative token count";
        }
        if (orZero(usage.cacheReadInputTokens()) + orZero(usage.cacheCreationInputTokens()) > usage.inputTokens()) {
            return "usage.cache_read_input_tokens plus cache_creation_input_tokens exceed input_tokens";
        }
        if (orZero(usage.reasoningOutputTokens()) > usage.outputTokens()) {
            return "usage.reasoning_output_tokens exceed output_tokens";
        }
        return null;
    }

    static boolean validPrice(Double price) {
        return price == null || (Double.isFinite(price) && price >= 0);
    }

    private double cachePrice(boolean tier, Double basePrice, Double tierPrice, double inputPrice) {
        if (!tier) {
            return basePrice != null ? basePrice : inputPrice;
        }
        if (tierPrice != null) {
            return tierPrice;
        }
        // Providers raise cache prices by the same factor as the input price for long requests
        // (Anthropic: 2x on both; Gemini 2.5 Pro: 2x on both), so a tier that leaves its cache price
        // out gets the base cache price scaled that way rather than the full input price.
        return basePrice != null ? scale(basePrice, longContext.inputPerMtok(), inputPerMtok) : inputPrice;
    }

    private static double scale(double basePrice, double tierReference, double baseReference) {
        return baseReference > 0 ? basePrice * tierReference / baseReference : basePrice;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
