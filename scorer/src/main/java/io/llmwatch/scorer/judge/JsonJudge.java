package io.llmwatch.scorer.judge;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.JudgeKind;
import java.util.Optional;

/**
 * The {@code json} judge, for JSON outputs and tool calls: the fraction of fields on which an
 * output agrees with production's, by {@link JsonAgreement} (tool-call arguments held in JSON
 * strings are compared as the documents they hold).
 *
 * <p>An output that is not JSON while production's is agrees in nothing (0): the consumer of the
 * output could not have read it. When production's own output is not JSON there are no fields to
 * compare, and the outputs are compared as {@code exact} does (same normalised text or not), so
 * the call still counts.
 */
public final class JsonJudge extends AgreementJudge {

    private final JsonAgreement fields;

    public JsonJudge() {
        this(new JsonAgreement());
    }

    public JsonJudge(JsonAgreement fields) {
        this.fields = fields;
    }

    @Override
    public JudgeKind kind() {
        return JudgeKind.JSON;
    }

    @Override
    Agreement agreement(String output, String production) {
        Optional<JsonNode> expected = JsonAgreement.parse(production);
        if (expected.isEmpty()) {
            return NormalisedText.same(output, production)
                    ? new Agreement(1, "production is not JSON; same text")
                    : new Agreement(0, "production is not JSON; different text");
        }
        Optional<JsonNode> actual = JsonAgreement.parse(output);
        if (actual.isEmpty()) {
            return new Agreement(0, "not JSON");
        }
        FieldAgreement agreement = fields.compare(actual.get(), expected.get());
        return new Agreement(agreement.fraction(), agreement.toString());
    }
}
