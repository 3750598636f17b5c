package io.llmwatch.scorer.judge;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a judge sees of one replayed call.
 *
 * @param request    the recorded request body (for the LLM judge's prompt, or to tell tool calls)
 * @param production what the incumbent answered in production
 * @param control    what the incumbent answered when replayed (self-replay control); null when the
 *                   judge does not need it or the control replay failed
 * @param candidate  what the candidate answered
 * @param reference  the expected output, when the app recorded one
 */
public record JudgeInput(JsonNode request, String production, String control, String candidate, JsonNode reference) {
}
