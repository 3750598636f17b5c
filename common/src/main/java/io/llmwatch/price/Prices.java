package io.llmwatch.price;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.JsonPath;
import io.llmwatch.validate.ValidationException;
import java.math.BigDecimal;
import java.util.List;

/** JSON helpers shared by the catalog readers: binding with field-named errors, unit conversion. */
final class Prices {

    private Prices() {
    }

    /**
     * Binds a {@link ModelPrice} with {@link Json#mapper()}. Required prices are checked first, because a
     * missing primitive would otherwise bind as 0: a free model, the one mistake a catalog must not make.
     *
     * @param path prefix of field names in errors, e.g. {@code models[3]}; empty at the top level
     */
    static ModelPrice bind(JsonNode node, String path) {
        String p = path.isEmpty() ? "" : path + ".";
        if (node == null || !node.isObject()) {
            throw new ValidationException(path.isEmpty() ? "$" : path, "must be a JSON object");
        }
        Checks checks = new Checks();
        requireFields(checks, node, p, "model", "input_per_mtok", "output_per_mtok");
        JsonNode tier = node.get("long_context");
        if (tier != null && tier.isObject()) {
            requireFields(checks, tier, p + "long_context.", "above_input_tokens", "input_per_mtok", "output_per_mtok");
        }
        List<FieldError> missing = checks.errors();
        if (!missing.isEmpty()) {
            throw new ValidationException(missing);
        }
        try {
            return Json.mapper().treeToValue(node, ModelPrice.class);
        } catch (JsonMappingException e) {
            String at = JsonPath.of(e);
            String field = "$".equals(at) ? (path.isEmpty() ? "$" : path) : p + at;
            throw new ValidationException(field, "has the wrong type or format: " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new ValidationException(path.isEmpty() ? "$" : path, "cannot be read: " + firstLine(e.getOriginalMessage()));
        }
    }

    /** USD per token (LiteLLM) to USD per 1M tokens, without binary noise ({@code 1.25e-06} → {@code 1.25}). */
    static double perMtok(double perToken) {
        return BigDecimal.valueOf(perToken).movePointRight(6).doubleValue();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int cut = message.indexOf('\n');
        return cut > 0 ? message.substring(0, cut) : message;
    }

    private static void requireFields(Checks checks, JsonNode node, String prefix, String... fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            checks.check(value != null && !value.isNull(), prefix + field, "is required");
        }
    }
}
