package io.llmwatch.scorer.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.Judgement;
import io.llmwatch.scorer.quality.ReferenceMatch;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code reference} judge: d = score(candidate, reference) − score(production, reference), each
 * score in [0, 1]. It compares with the expected output, not with production, so it needs no
 * self-replay.
 *
 * <p>The expected output is {@code reference.expected_output} when the reference is an object with
 * that key (as the {@code correctness} dimension reads it), else the reference itself. It is scored:
 * <ul>
 *   <li>a string of up to {@value #LABEL_WORDS} words (a label): 1 when the output is the same text
 *       after {@link NormalisedText}, else 0 — partial credit for half a label would be noise;</li>
 *   <li>a longer string: token F1 as in SQuAD ({@link ReferenceMatch#tokenF1}), 1 for the same
 *       normalised words;</li>
 *   <li>an object or array (or a string holding one), a number or a boolean: field-level agreement
 *       by {@link JsonAgreement} with the output read as JSON (a bare {@code 42} or {@code "42"}
 *       matches the number 42); an output that is not JSON scores 0 against an object or array.</li>
 * </ul>
 */
public final class ReferenceJudge implements Judge {

    /** Expected strings up to this many words are labels, matched exactly. */
    public static final int LABEL_WORDS = 4;

    private final JsonAgreement fields;

    public ReferenceJudge() {
        this(new JsonAgreement());
    }

    public ReferenceJudge(JsonAgreement fields) {
        this.fields = fields;
    }

    @Override
    public JudgeKind kind() {
        return JudgeKind.REFERENCE;
    }

    @Override
    public CompletableFuture<Judgement> judge(JudgeInput input) {
        JsonNode expected = expected(input.reference());
        if (expected == null) {
            return CompletableFuture.completedFuture(new Judgement(kind().id(), null, null, null, null, null,
                    "the call has no reference (expected output) to judge against"));
        }
        Scored candidate = score(input.candidate(), expected);
        Scored production = score(input.production(), expected);
        return CompletableFuture.completedFuture(new Judgement(kind().id(), Deltas.clamp(candidate.score() - production.score()),
                candidate.score(), production.score(), null, null,
                String.format(Locale.ROOT, "against the reference (%s): candidate %.2f, production %.2f",
                        candidate.method(), candidate.score(), production.score())));
    }

    private static JsonNode expected(JsonNode reference) {
        if (reference == null || reference.isNull() || reference.isMissingNode()) {
            return null;
        }
        JsonNode expected = reference.isObject() && reference.has(ReferenceMatch.EXPECTED_OUTPUT)
                ? reference.get(ReferenceMatch.EXPECTED_OUTPUT) : reference;
        return expected.isNull() ? null : expected;
    }

    private Scored score(String output, JsonNode expected) {
        String text = output == null ? "" : output;
        if (expected.isTextual()) {
            Optional<JsonNode> document = JsonAgreement.parse(expected.asText()).filter(JsonNode::isContainerNode);
            if (document.isEmpty()) {
                String label = expected.asText();
                return words(label) <= LABEL_WORDS
                        ? new Scored(NormalisedText.same(text, label) ? 1 : 0, "exact label")
                        : new Scored(ReferenceMatch.tokenF1(text, label), "token F1");
            }
            expected = document.get();
        }
        JsonNode actual = JsonAgreement.parse(text).orElse(TextNode.valueOf(text));
        return new Scored(fields.compare(actual, expected).fraction(), "fields");
    }

    private static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    private record Scored(double score, String method) {
    }
}
