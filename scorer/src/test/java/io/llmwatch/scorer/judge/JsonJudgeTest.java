package io.llmwatch.scorer.judge;

import static io.llmwatch.scorer.judge.Inputs.judged;
import static io.llmwatch.scorer.judge.Inputs.pair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.Judgement;
import org.junit.jupiter.api.Test;

class JsonJudgeTest {

    private static final String PRODUCTION = "{\"intent\":\"billing\",\"priority\":\"high\",\"refund\":true}";

    private final JsonJudge judge = new JsonJudge();

    @Test
    void partial_field_agreement_gives_the_fraction_of_fields() {
        Judgement judgement = judged(judge, pair(PRODUCTION, PRODUCTION,
                "{\"intent\":\"Billing\",\"priority\":\"low\",\"refund\":true}"));
        assertThat(judgement.judge()).isEqualTo("json");
        assertThat(judgement.candidateScore()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(judgement.baselineScore()).isEqualTo(1.0);
        assertThat(judgement.delta()).isCloseTo(-1.0 / 3, within(1e-12));
        assertThat(judgement.explanation()).contains("2/3 fields");
    }

    @Test
    void the_self_replay_sets_the_bar() {
        // the incumbent's own replay also changed the priority: the candidate is as consistent as it
        String control = "{\"intent\":\"billing\",\"priority\":\"medium\",\"refund\":true}";
        Judgement judgement = judged(judge, pair(PRODUCTION, control,
                "{\"intent\":\"billing\",\"priority\":\"low\",\"refund\":true}"));
        assertThat(judgement.delta()).isCloseTo(0, within(1e-12));
        // and a candidate that only got the intent right is a third of a point worse
        assertThat(judged(judge, pair(PRODUCTION, control, "{\"intent\":\"billing\"}")).delta())
                .isCloseTo(1.0 / 3 - 2.0 / 3, within(1e-12));
    }

    @Test
    void tool_call_arguments_are_compared_field_by_field() {
        String production = "[{\"name\":\"issue_refund\",\"arguments\":\"{\\\"order_id\\\":\\\"A-17\\\",\\\"amount\\\":20.0,"
                + "\\\"reason\\\":\\\"double charge\\\"}\"}]";
        String candidate = "[{\"name\":\"issue_refund\",\"arguments\":\"{\\\"amount\\\":20,\\\"order_id\\\":\\\"A-17\\\","
                + "\\\"reason\\\":\\\"charged twice\\\"}\"}]";
        Judgement judgement = judged(judge, pair(production, production, candidate));
        // name, order_id and amount agree; reason does not
        assertThat(judgement.candidateScore()).isEqualTo(0.75);
        assertThat(judgement.delta()).isEqualTo(-0.25);
    }

    @Test
    void an_unparseable_candidate_agrees_in_nothing_when_production_parsed() {
        Judgement judgement = judged(judge, pair(PRODUCTION, PRODUCTION, "intent: billing, priority: high"));
        assertThat(judgement.candidateScore()).isZero();
        assertThat(judgement.delta()).isEqualTo(-1.0);
        assertThat(judgement.explanation()).contains("not JSON");
    }

    @Test
    void a_fenced_candidate_is_read_for_its_content() {
        assertThat(judged(judge, pair(PRODUCTION, PRODUCTION, "```json\n" + PRODUCTION + "\n```")).delta()).isZero();
    }

    @Test
    void when_production_is_not_json_outputs_are_compared_as_text() {
        Judgement judgement = judged(judge, pair("Sorry, no JSON today", "sorry, no json today.", "{\"a\":1}"));
        assertThat(judgement.candidateScore()).isZero();
        assertThat(judgement.baselineScore()).isEqualTo(1.0);
        assertThat(judgement.explanation()).contains("production is not JSON");
    }
}
