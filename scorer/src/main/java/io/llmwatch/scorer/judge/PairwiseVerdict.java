package io.llmwatch.scorer.judge;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.llmwatch.json.Json;
import java.io.IOException;

/**
 * An LLM judge's verdict on one ordering of two answers, as it must reply:
 * {@code {"winner": "A" | "B" | "tie", "confidence": 0..1, "reason": "..."}}.
 *
 * @param winner     {@code A}, {@code B} or {@code tie}
 * @param confidence in [0, 1]
 * @param reason     the judge's one-sentence reason; empty when it gave none
 */
public record PairwiseVerdict(String winner, double confidence, String reason) {

    public static final String A = "A";
    public static final String B = "B";
    public static final String TIE = "tie";

    private static final ObjectReader STRICT = Json.mapper().readerFor(JsonNode.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Parses a reply strictly: exactly one JSON object (surrounding white space only, no code fence
     * or prose), {@code winner} exactly {@code "A"}, {@code "B"} or {@code "tie"}, {@code confidence}
     * a JSON number in [0, 1], {@code reason} a string when present. A verdict that bends these rules
     * is not read charitably: a judge that cannot follow the format is not trusted with the content.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static PairwiseVerdict parse(String reply) {
        if (reply == null || reply.isBlank()) {
            throw new IllegalArgumentException("empty reply");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(reply.strip());
        } catch (IOException e) {
            throw new IllegalArgumentException("reply is not one JSON object");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("reply is not one JSON object");
        }
        JsonNode winner = root.get("winner");
        if (winner == null || !winner.isTextual()
                || !(winner.asText().equals(A) || winner.asText().equals(B) || winner.asText().equals(TIE))) {
            throw new IllegalArgumentException("winner must be \"A\", \"B\" or \"tie\", not " + winner);
        }
        JsonNode confidence = root.get("confidence");
        if (confidence == null || !confidence.isNumber() || !(confidence.asDouble() >= 0 && confidence.asDouble() <= 1)) {
            throw new IllegalArgumentException("confidence must be a number in [0, 1], not " + confidence);
        }
        JsonNode reason = root.get("reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) {
            throw new IllegalArgumentException("reason must be a string");
        }
        return new PairwiseVerdict(winner.asText(), confidence.asDouble(),
                reason == null || reason.isNull() ? "" : reason.asText());
    }
}
