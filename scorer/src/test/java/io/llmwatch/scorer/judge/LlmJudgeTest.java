package io.llmwatch.scorer.judge;

import static io.llmwatch.scorer.judge.Inputs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.Judgement;
import io.llmwatch.event.Usage;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.provider.ChatClient;
import io.llmwatch.scorer.provider.ChatResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LlmJudgeTest {

    static final String PRODUCTION = "Customer was double-charged for the March invoice; refund issued.";
    private static final String CANDIDATE = "Refund issued.";
    private static final JsonNode REQUEST = json("""
            {"model": "gpt-4.1", "messages": [
              {"role": "system", "content": "Summarize support tickets in one sentence."},
              {"role": "user", "content": "Ticket #4411: I was charged twice for March. Please refund one."}]}""");
    private static final JudgeInput INPUT = new JudgeInput(REQUEST, PRODUCTION, null, CANDIDATE, null);
    private static final Usage PER_REQUEST = Usage.of(1_000, 50);

    /**
     * Answers each request with a fixed reply, chosen by which answer the prompt shows as A, and
     * records the request bodies.
     */
    static final class ScriptedJudgeModel implements ChatClient {
        final String whenProductionIsA;
        final String whenCandidateIsA;
        final List<JsonNode> requests = new CopyOnWriteArrayList<>();
        final List<String> models = new CopyOnWriteArrayList<>();

        ScriptedJudgeModel(String whenProductionIsA, String whenCandidateIsA) {
            this.whenProductionIsA = whenProductionIsA;
            this.whenCandidateIsA = whenCandidateIsA;
        }

        @Override
        public CompletableFuture<ChatResult> complete(String model, JsonNode requestBody) {
            requests.add(requestBody);
            models.add(model);
            String prompt = requestBody.path("messages").get(1).path("content").asText();
            String reply = prompt.contains("<answer_a>\n" + PRODUCTION + "\n</answer_a>") ? whenProductionIsA : whenCandidateIsA;
            if (reply == null) {
                return CompletableFuture.completedFuture(new ChatResult("judge-provider", null, null, null, null, 12,
                        new CallError("http_500", "server error"), 3));
            }
            return CompletableFuture.completedFuture(new ChatResult("judge-provider", model, reply, "stop", PER_REQUEST, 12, null, 1));
        }
    }

    private static String verdict(String winner, double confidence) {
        return "{\"winner\": \"" + winner + "\", \"confidence\": " + confidence + ", \"reason\": \"" + winner + " is better\"}";
    }

    private static Judgement judge(ScriptedJudgeModel model) {
        return new LlmJudge(model, "gpt-4.1-mini", null, PriceCatalog.defaults()).judge(INPUT).join();
    }

    @Test
    void candidate_winning_in_both_orders_is_positive_and_scaled_by_confidence() {
        // production as A → candidate is B; candidate as A → candidate is A
        Judgement judgement = judge(new ScriptedJudgeModel(verdict("B", 0.9), verdict("A", 0.7)));
        assertThat(judgement.judge()).isEqualTo("llm");
        assertThat(judgement.delta()).isCloseTo(0.8, within(1e-12));
        assertThat(judgement.candidateScore()).isEqualTo(1.0);
        assertThat(judgement.baselineScore()).isZero();
        assertThat(judgement.explanation()).contains("B (candidate) wins, confidence 0.90", "A (candidate) wins, confidence 0.70");
    }

    @Test
    void production_winning_in_both_orders_is_minus_one() {
        Judgement judgement = judge(new ScriptedJudgeModel(verdict("A", 1.0), verdict("B", 1.0)));
        assertThat(judgement.delta()).isEqualTo(-1.0);
        assertThat(judgement.candidateScore()).isZero();
    }

    @Test
    void a_judge_that_always_prefers_position_a_cancels_out() {
        Judgement judgement = judge(new ScriptedJudgeModel(verdict("A", 0.8), verdict("A", 0.8)));
        assertThat(judgement.delta()).isZero();
        assertThat(judgement.candidateScore()).isEqualTo(0.5);
    }

    @Test
    void ties_are_zero() {
        assertThat(judge(new ScriptedJudgeModel(verdict("tie", 0.6), verdict("tie", 0.9))).delta()).isZero();
    }

    @Test
    void a_malformed_verdict_makes_its_order_unusable() {
        Judgement judgement = judge(new ScriptedJudgeModel("The winner is B.", verdict("A", 0.6)));
        assertThat(judgement.delta()).isCloseTo(0.6, within(1e-12));
        assertThat(judgement.explanation()).contains("one order only", "malformed verdict");
        // the judge model still charged for the malformed reply
        assertThat(judgement.usage()).isEqualTo(Usage.of(2_000, 100));
    }

    @Test
    void no_usable_order_means_no_delta() {
        Judgement judgement = judge(new ScriptedJudgeModel("{\"winner\": \"B\"}", "{\"winner\": \"candidate\", \"confidence\": 1}"));
        assertThat(judgement.delta()).isNull();
        assertThat(judgement.explanation()).contains("no usable verdict", "confidence must be", "winner must be");
    }

    @Test
    void a_failed_request_is_unusable_and_charges_nothing() {
        Judgement judgement = judge(new ScriptedJudgeModel(null, verdict("B", 0.5)));
        // candidate as A, and the judge chose B: production wins that order
        assertThat(judgement.delta()).isCloseTo(-0.5, within(1e-12));
        assertThat(judgement.explanation()).contains("request failed: http_500");
        assertThat(judgement.usage()).isEqualTo(PER_REQUEST);
        Judgement none = judge(new ScriptedJudgeModel(null, null));
        assertThat(none.delta()).isNull();
        assertThat(none.usage()).isNull();
        assertThat(none.cost()).isNull();
    }

    @Test
    void the_judges_own_tokens_and_cost_are_recorded() {
        Judgement judgement = judge(new ScriptedJudgeModel(verdict("B", 1), verdict("A", 1)));
        assertThat(judgement.usage()).isEqualTo(Usage.of(2_000, 100));
        assertThat(judgement.cost().source()).isEqualTo(CostSource.LOCAL);
        // gpt-4.1-mini at 0.40 / 1.60 USD per 1M tokens
        assertThat(judgement.cost().amount()).isCloseTo(2_000 * 0.40 / 1e6 + 100 * 1.60 / 1e6, within(1e-12));
    }

    @Test
    void both_orders_are_asked_concurrently_and_show_both_answers_swapped() {
        ScriptedJudgeModel model = new ScriptedJudgeModel(verdict("tie", 1), verdict("tie", 1));
        CompletableFuture<ChatResult> held = new CompletableFuture<>();
        List<CompletableFuture<ChatResult>> pending = new CopyOnWriteArrayList<>();
        ChatClient holding = (name, body) -> {
            model.complete(name, body);
            CompletableFuture<ChatResult> reply = held.thenApply(r -> r);
            pending.add(reply);
            return reply;
        };
        CompletableFuture<Judgement> judgement =
                new LlmJudge(holding, "gpt-4.1-mini", "Prefer the shorter answer.", PriceCatalog.defaults()).judge(INPUT);
        // both requests are out before either has an answer
        assertThat(pending).hasSize(2);
        assertThat(judgement).isNotDone();
        held.complete(new ChatResult("p", null, verdict("tie", 1), "stop", PER_REQUEST, 1, null, 1));
        assertThat(judgement.join().delta()).isZero();

        assertThat(model.models).containsOnly("gpt-4.1-mini");
        List<String> prompts = model.requests.stream().map(r -> r.path("messages").get(1).path("content").asText()).toList();
        assertThat(prompts).anySatisfy(p -> assertThat(p)
                .contains("<answer_a>\n" + PRODUCTION + "\n</answer_a>", "<answer_b>\n" + CANDIDATE + "\n</answer_b>"));
        assertThat(prompts).anySatisfy(p -> assertThat(p)
                .contains("<answer_a>\n" + CANDIDATE + "\n</answer_a>", "<answer_b>\n" + PRODUCTION + "\n</answer_b>"));
        for (JsonNode request : model.requests) {
            String prompt = request.path("messages").get(1).path("content").asText();
            assertThat(prompt).contains("[system]\nSummarize support tickets", "[user]\nTicket #4411");
            assertThat(request.path("messages").get(0).path("content").asText()).contains("Prefer the shorter answer.");
            assertThat(request.path("response_format").path("type").asText()).isEqualTo("json_object");
            assertThat(request.path("temperature").asInt()).isZero();
        }
    }

    @Test
    void the_default_rubric_is_used_when_none_is_configured() {
        ScriptedJudgeModel model = new ScriptedJudgeModel(verdict("tie", 1), verdict("tie", 1));
        judge(model);
        assertThat(model.requests.get(0).path("messages").get(0).path("content").asText())
                .contains(LlmJudge.DEFAULT_RUBRIC.strip().lines().findFirst().orElseThrow());
    }
}
