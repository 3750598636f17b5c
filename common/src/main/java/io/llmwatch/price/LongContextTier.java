package io.llmwatch.price;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.util.List;

/**
 * Prices that replace a model's base prices when a request is long: once a request's
 * {@code input_tokens} (cached tokens included) exceed {@code aboveInputTokens}, these prices apply
 * to <em>all</em> tokens of that request, not only to the excess. USD per 1M tokens.
 *
 * <p>A cache price left out here is the base cache price scaled by this tier's input price over the
 * base input price (see {@link ModelPrice#cost}).
 *
 * @param aboveInputTokens threshold; the tier applies when input tokens are strictly above it
 */
public record LongContextTier(
        @JsonProperty(required = true) long aboveInputTokens,
        @JsonProperty(required = true) double inputPerMtok,
        @JsonProperty(required = true) double outputPerMtok,
        Double cacheReadPerMtok,
        Double cacheWritePerMtok) {

    /** Whether a request with this many input tokens is priced by this tier. */
    public boolean appliesTo(long inputTokens) {
        return inputTokens > aboveInputTokens;
    }

    List<FieldError> validate(String path) {
        return new Checks()
                .check(aboveInputTokens > 0, path + ".above_input_tokens", "must be > 0")
                .check(ModelPrice.validPrice(inputPerMtok), path + ".input_per_mtok", ModelPrice.INVALID_PRICE)
                .check(ModelPrice.validPrice(outputPerMtok), path + ".output_per_mtok", ModelPrice.INVALID_PRICE)
                .check(ModelPrice.validPrice(cacheReadPerMtok), path + ".cache_read_per_mtok", ModelPrice.INVALID_PRICE)
                .check(ModelPrice.validPrice(cacheWritePerMtok), path + ".cache_write_per_mtok", ModelPrice.INVALID_PRICE)
                .errors();
    }
}
