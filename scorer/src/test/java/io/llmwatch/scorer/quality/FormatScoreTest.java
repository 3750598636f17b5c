package io.llmwatch.scorer.quality;

import static io.llmwatch.scorer.CallFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.scorer.CallFixture;
import io.llmwatch.event.LlmCall;
import io.llmwatch.openai.OutputText;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatScoreTest {

    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");
    private static final String JSON_REQUEST = "{\"messages\":[],\"response_format\":{\"type\":\"json_object\"}}";

    private static double format(CallFixture call) {
        return FormatScore.of(call.build());
    }

    @Test
    void a_call_whose_content_was_dropped_is_not_measured() {
        LlmCall built = call("c", T).withOutput(null, "stop").build();
        LlmCall dropped = new LlmCall(built.schema(), built.callId(), built.timestamp(), built.app(), built.taskType(),
                built.environment(), built.traceId(), built.sessionId(), built.provider(), built.operation(),
                built.requestModel(), built.responseModel(), null, null, built.finishReason(), built.usage(),
                built.latencyMs(), built.timeToFirstTokenMs(), built.cost(), built.error(),
                Map.of(LlmCall.CONTENT_ATTRIBUTE, LlmCall.CONTENT_DROPPED), null);

        assertThat(FormatScore.of(dropped)).isNull();
    }

    @Test
    void a_complete_plain_answer_scores_one() {
        assertThat(format(call("c", T).withOutput("The ticket asks for a refund.", "stop"))).isEqualTo(1.0);
    }

    @Test
    void empty_output_or_error_scores_zero() {
        assertThat(format(call("c", T).withOutput("   ", "stop"))).isZero();
        assertThat(format(call("c", T).withOutput(null, "stop"))).isZero();
        assertThat(format(call("c", T).failed("rate_limit"))).isZero();
    }

    @Test
    void json_requested_but_invalid_scores_zero() {
        CallFixture asked = call("c", T).withRequest(JSON_REQUEST);

        assertThat(format(asked.withOutput("{\"refund\": true}", "stop"))).isEqualTo(1.0);
        assertThat(format(asked.withOutput("{\"refund\": tru", "stop"))).isZero();
        assertThat(format(asked.withOutput("Sure! {\"refund\": true}", "stop"))).isZero();
        assertThat(format(asked.withOutput("{\"refund\": true} and more", "stop"))).isZero();
    }

    @Test
    void json_schema_format_counts_as_json_requested() {
        CallFixture asked = call("c", T).withRequest("{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{}}}");

        assertThat(format(asked.withOutput("not json", "stop"))).isZero();
    }

    @Test
    void invalid_tool_call_arguments_score_zero() {
        assertThat(format(call("c", T).withOutput("{\"city\": \"Oslo\"}", "tool_calls"))).isEqualTo(1.0);
        assertThat(format(call("c", T).withOutput("{\"city\": ", "tool_calls"))).isZero();
    }

    @Test
    void truncated_output_is_halved() {
        assertThat(format(call("c", T).withOutput("The ticket asks for a", "length"))).isEqualTo(FormatScore.TRUNCATED);
        assertThat(format(call("c", T).withOutput("The ticket asks for a", "MAX_TOKENS"))).isEqualTo(FormatScore.TRUNCATED);
    }

    @Test
    void content_filtered_output_is_penalised() {
        assertThat(format(call("c", T).withOutput("[filtered]", "content_filter"))).isEqualTo(FormatScore.FILTERED);
    }

    @Test
    void a_refusal_is_penalised() {
        assertThat(format(call("c", T).withOutput("I'm sorry, but I can't help with that request.", "stop")))
                .isEqualTo(FormatScore.REFUSAL);
        assertThat(format(call("c", T).withOutput("I\u2019m sorry, but I can\u2019t do that.", "stop")))
                .isEqualTo(FormatScore.REFUSAL);
        assertThat(format(call("c", T).withOutput("I cannot help with that.", "stop"))).isEqualTo(FormatScore.REFUSAL);
    }

    @Test
    void a_refusal_the_provider_flagged_is_penalised_whatever_its_words() {
        assertThat(format(call("c", T).withOutput(OutputText.REFUSAL_MARK + "That is outside what I may discuss.", "stop")))
                .isEqualTo(FormatScore.REFUSAL);
    }

    @Test
    void a_refusal_phrase_quoted_deep_in_a_long_answer_is_not_a_refusal() {
        String answer = "The customer reports a broken blender. ".repeat(10) + "The agent said: I cannot help with that.";

        assertThat(format(call("c", T).withOutput(answer, "stop"))).isEqualTo(1.0);
    }

    @Test
    void penalties_multiply() {
        assertThat(format(call("c", T).withOutput("Sorry, but I cannot finish th", "length")))
                .isEqualTo(FormatScore.TRUNCATED * FormatScore.REFUSAL);
    }
}
