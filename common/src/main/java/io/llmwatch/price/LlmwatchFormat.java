package io.llmwatch.price;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.event.Cost;
import io.llmwatch.json.Json;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * llmwatch's own price catalog format (schema {@value PriceCatalog#SCHEMA}): {@code as_of},
 * {@code currency} (USD), {@code source} and {@code models}, each a {@link ModelPrice}. Read and
 * written here; {@link LiteLlmFormat} reads the other format a catalog file may have.
 */
final class LlmwatchFormat {

    private LlmwatchFormat() {
    }

    /** Whether a catalog file's JSON is in this format (else it is read as LiteLLM's). */
    static boolean matches(JsonNode root) {
        return root.isObject() && (root.has("schema") || (root.has("as_of") && root.path("models").isArray()));
    }

    /** Reads a catalog; {@code origin} is its source when it names none. */
    static PriceCatalog read(JsonNode root, String origin) {
        if (!root.isObject()) {
            throw new ValidationException("$", "must be a JSON object with schema, as_of and models");
        }
        JsonNode schema = root.get("schema");
        if (schema != null && !schema.isNull() && !PriceCatalog.SCHEMA.equals(schema.asText())) {
            throw new ValidationException("schema",
                    "'" + schema.asText() + "' is not supported; this version of llmwatch reads " + PriceCatalog.SCHEMA);
        }
        List<FieldError> errors = new ArrayList<>();
        LocalDate asOf = null;
        JsonNode date = root.get("as_of");
        if (date == null || date.isNull()) {
            errors.add(new FieldError("as_of", "is required (the day these prices were checked, YYYY-MM-DD)"));
        } else {
            try {
                asOf = LocalDate.parse(date.asText());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("as_of", "must be a date (YYYY-MM-DD), not '" + date.asText() + "'"));
            }
        }
        JsonNode currency = root.get("currency");
        if (currency != null && !currency.isNull() && !Cost.USD.equals(currency.asText())) {
            errors.add(new FieldError("currency", "must be USD, not '" + currency.asText() + "'"));
        }
        JsonNode list = root.get("models");
        List<ModelPrice> models = new ArrayList<>();
        if (list == null || !list.isArray()) {
            errors.add(new FieldError("models", "is required (a list of model prices)"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                try {
                    models.add(Prices.bind(list.get(i), "models[" + i + "]"));
                } catch (ValidationException e) {
                    errors.addAll(e.errors());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        JsonNode source = root.get("source");
        return PriceCatalog.of(asOf, source != null && !source.isNull() ? source.asText() : origin, models);
    }

    /** The catalog in this format, the form {@link #read} reads. */
    static JsonNode write(PriceCatalog catalog) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schema", PriceCatalog.SCHEMA);
        root.put("as_of", catalog.asOf().toString());
        root.put("currency", Cost.USD);
        root.put("source", catalog.source());
        ArrayNode list = root.putArray("models");
        catalog.models().forEach(price -> list.add(price.toJson()));
        return root;
    }
}
