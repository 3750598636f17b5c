package io.llmwatch.collector.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.llmwatch.json.Json;
import io.llmwatch.validate.ValidationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Splits an ingest request body into its items: a JSON array is a batch, any other JSON value is one
 * item. Each item keeps its exact bytes from the body, so that a rejected item lands on the
 * dead-letter topic as the client sent it.
 */
final class JsonBatch {

    /** One item of a batch: the parsed value and the bytes it was parsed from. */
    record Item(JsonNode node, byte[] raw) {
    }

    private JsonBatch() {
    }

    /**
     * The items of the body; empty for an empty body or an empty array.
     *
     * @param maxItems the most items a body may hold
     * @throws ValidationException    on field {@code $} when the body is not one JSON value
     * @throws HttpResponseException 413 when the array holds more than {@code maxItems} items; they
     *                               are not even parsed, so nothing of the request is published
     */
    static List<Item> parse(byte[] body, int maxItems) {
        try (JsonParser parser = Json.mapper().createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return List.of();
            }
            List<Item> items = new ArrayList<>();
            if (first == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (items.size() == maxItems) {
                        throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE.getCode(), "the request holds more"
                                + " than " + maxItems + " items; send at most " + maxItems + " per request"
                                + " (collector.max_items_per_request)", Map.of());
                    }
                    long start = parser.currentTokenLocation().getByteOffset();
                    JsonNode node = parser.readValueAsTree();
                    long end = parser.currentLocation().getByteOffset();
                    items.add(new Item(node, slice(body, start, end, node)));
                }
            } else {
                items.add(new Item(parser.readValueAsTree(), body));
            }
            if (parser.nextToken() != null) {
                throw new ValidationException("$", "is not valid JSON: unexpected content after the first value");
            }
            return items;
        } catch (JsonProcessingException e) {
            throw new ValidationException("$", "is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ValidationException("$", "cannot be read: " + e.getMessage());
        }
    }

    private static byte[] slice(byte[] body, long start, long end, JsonNode node) throws JsonProcessingException {
        if (start < 0 || end <= start || end > body.length) {
            return Json.mapper().writeValueAsBytes(node);
        }
        return Arrays.copyOfRange(body, (int) start, (int) end);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int cut = message.indexOf('\n');
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
