package io.llmwatch.scorer.judge;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.Judgement;
import io.llmwatch.json.Json;

/** Hand-made judge inputs. */
final class Inputs {

    private Inputs() {
    }

    /** A pair without a request or reference. */
    static JudgeInput pair(String production, String control, String candidate) {
        return new JudgeInput(null, production, control, candidate, null);
    }

    static JudgeInput withReference(String reference, String production, String candidate) {
        return new JudgeInput(null, production, null, candidate, json(reference));
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static Judgement judged(Judge judge, JudgeInput input) {
        return judge.judge(input).join();
    }
}
