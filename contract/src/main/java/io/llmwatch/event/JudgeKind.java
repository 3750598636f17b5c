package io.llmwatch.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The judges that turn a replayed output into a paired delta (docs/architecture.md §5). A task names one in its
 * {@code judge} setting; without one, {@link #resolve} picks one by the shape of the call.
 */
public enum JudgeKind {
    /** Normalised text equality; for classification and short extraction. */
    EXACT(true),
    /** Field-level agreement of JSON outputs or tool-call arguments. */
    JSON(true),
    /** Score against {@code LlmCall.reference}. */
    REFERENCE(false),
    /** Cosine similarity of sentence embeddings. */
    EMBEDDING(true),
    /** Pairwise LLM-as-judge, asked in both orders. */
    LLM(false);

    /** Outputs up to this many words are labels, judged exactly. */
    static final int MAX_LABEL_WORDS = 4;

    private final boolean comparesWithProduction;

    JudgeKind(boolean comparesWithProduction) {
        this.comparesWithProduction = comparesWithProduction;
    }

    /**
     * Whether the judge measures agreement with production's own output, and so needs the
     * incumbent's self-replay as a control: production does not agree perfectly with itself either.
     */
    public boolean needsSelfReplay() {
        return comparesWithProduction;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a configured judge name; throws naming the accepted ones. */
    public static JudgeKind parse(String name) {
        for (JudgeKind kind : values()) {
            if (kind.id().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown judge '" + name + "'; use exact, json, reference, embedding or llm");
    }

    /**
     * The configured judge, or the default for the call's shape: {@code reference} when the call
     * has one, {@code json} when JSON output or tools were asked for, {@code exact} for short
     * label-like outputs, else {@code embedding}.
     */
    public static JudgeKind resolve(String configured, JsonNode request, String output, JsonNode reference) {
        if (configured != null && !configured.isBlank()) {
            return parse(configured);
        }
        if (reference != null && !reference.isNull() && !reference.isMissingNode()) {
            return REFERENCE;
        }
        if (request != null && (asksForJson(request) || request.hasNonNull("tools"))) {
            return JSON;
        }
        if (output != null && !output.isBlank() && words(output) <= MAX_LABEL_WORDS) {
            return EXACT;
        }
        return EMBEDDING;
    }

    private static boolean asksForJson(JsonNode request) {
        // chat completions' response_format, or the Responses API's text.format
        String type = request.path("response_format").path("type").asText(request.path("text").path("format").path("type").asText(""));
        return type.equals("json_object") || type.equals("json_schema");
    }

    private static int words(String text) {
        return text.strip().split("\\s+").length;
    }
}
