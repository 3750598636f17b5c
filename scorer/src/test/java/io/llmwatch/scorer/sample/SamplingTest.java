package io.llmwatch.scorer.sample;

import static io.llmwatch.scorer.sample.Replays.APP;
import static io.llmwatch.scorer.sample.Replays.CATALOG;
import static io.llmwatch.scorer.sample.Replays.INCUMBENT;
import static io.llmwatch.scorer.sample.Replays.MINI;
import static io.llmwatch.scorer.sample.Replays.MINI_CALL;
import static io.llmwatch.scorer.sample.Replays.NANO;
import static io.llmwatch.scorer.sample.Replays.NANO_CALL;
import static io.llmwatch.scorer.sample.Replays.TASK;
import static io.llmwatch.scorer.sample.Replays.call;
import static io.llmwatch.scorer.sample.Replays.fixture;
import static io.llmwatch.scorer.sample.Replays.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.Cost;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.Usage;
import io.llmwatch.scorer.CallFixture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Live sampling through the production topology: which calls, against which targets, with what. */
class SamplingTest {

    @AutoClose
    private final ReplayDriver scorer = new ReplayDriver(task().sampleRate(0.2).config(), CATALOG);

    @Test
    void sampling_is_decided_by_call_id_at_the_rate() {
        // Given 120 replayable calls of a task sampled at 20 %, ten of them sent twice
        List<LlmCall> calls = IntStream.range(0, 120).mapToObj(i -> call("call-" + i)).toList();
        calls.forEach(scorer::send);
        calls.subList(0, 10).forEach(scorer::send);

        // Then exactly the calls whose call_id hashes below the rate are sampled, each once: about 24 (binomial sd 4.4)
        List<String> sampled = callIds(scorer.requests());
        assertThat(sampled).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(idsSampledAt(calls, 0.2))
                .hasSizeBetween(12, 36);

        // and another scorer given some of the same calls, in another order, samples the same ones among them
        try (ReplayDriver other = new ReplayDriver(task().sampleRate(0.2).config(), CATALOG)) {
            List<LlmCall> some = new ArrayList<>(calls.subList(0, 40));
            Collections.reverse(some);
            some.forEach(other::send);
            Set<String> sent = some.stream().map(LlmCall::callId).collect(Collectors.toSet());
            assertThat(callIds(other.requests()))
                    .containsExactlyInAnyOrderElementsOf(sampled.stream().filter(sent::contains).toList());
        }
    }

    @Test
    void a_rate_changed_on_the_control_topic_applies_to_the_next_calls() {
        // Given calls sampled at 20 %
        List<LlmCall> before = IntStream.range(0, 60).mapToObj(i -> call("before-" + i)).toList();
        before.forEach(scorer::send);
        assertThat(callIds(scorer.requests())).containsExactlyInAnyOrderElementsOf(idsSampledAt(before, 0.2));

        // When the rate is raised to 50 % on the control topic
        scorer.control("task/" + APP + "/" + TASK, "{\"sample_rate\": 0.5}");
        List<LlmCall> after = IntStream.range(0, 60).mapToObj(i -> call("after-" + i)).toList();
        after.forEach(scorer::send);

        // Then the running scorer samples the calls that follow at 50 %, without a rebuild
        assertThat(callIds(scorer.requests())).containsExactlyInAnyOrderElementsOf(idsSampledAt(after, 0.5))
                .hasSizeBetween(18, 42);
    }

    @Test
    void only_calls_that_can_be_replayed_are_sampled() {
        scorer.control("task/" + APP + "/" + TASK, "{\"sample_rate\": 1.0}");

        // Given calls without a request, with a request but no messages, failed, without token counts
        scorer.send(CallFixture.call("no-request", Replays.CALL_TIME).withModel(INCUMBENT).build())
                .send(fixture("no-messages").withRequest("{\"model\":\"gpt-4.1\",\"prompt\":\"hi\"}").build())
                .send(fixture("failed").failed("timeout").build())
                .send(fixture("no-usage").withUsage(null).build())
                // and one that can be
                .send(call("replayable"));

        // Then only that one is sampled
        assertThat(callIds(scorer.requests())).containsExactly("replayable");
    }

    @Test
    void a_task_without_candidates_is_not_sampled() {
        scorer.control("task/" + APP + "/" + TASK, "{\"sample_rate\": 1.0, \"candidates\": []}")
                .send(call("a"));
        // A candidate list naming only the incumbent has no candidate either
        scorer.control("task/" + APP + "/" + TASK, "{\"sample_rate\": 1.0, \"candidates\": [\"" + INCUMBENT + "\"]}")
                .send(call("b"));

        assertThat(scorer.requests()).isEmpty();

        // When candidates are set live, the next call is sampled against them
        scorer.control("task/" + APP + "/" + TASK, "{\"sample_rate\": 1.0, \"candidates\": [\"" + NANO + "\"]}")
                .send(call("c"));
        assertThat(scorer.requests()).singleElement().satisfies(request -> {
            assertThat(request.callId()).isEqualTo("c");
            assertThat(request.targets()).containsExactly(NANO);
        });
    }

    @Test
    void a_request_carries_what_the_replay_and_the_judge_need() {
        scorer.control("task/" + APP + "/" + TASK, "{\"sample_rate\": 1.0}");

        scorer.send(fixture("a").withReference("{\"expected_output\":\"A short summary.\"}")
                .withCost(new Cost(0.004, "USD", CostSource.PROVIDER, null)).build());

        List<KeyValue<String, ReplayRequest>> emitted = scorer.keyedRequests();
        assertThat(emitted).singleElement().satisfies(kv -> assertThat(kv.key).isEqualTo("a"));
        ReplayRequest request = emitted.get(0).value;
        assertThat(request.schema()).isEqualTo(ReplayRequest.SCHEMA);
        assertThat(request.app()).isEqualTo(APP);
        assertThat(request.taskType()).isEqualTo(TASK);
        assertThat(request.incumbent()).isEqualTo(INCUMBENT);
        assertThat(request.provider()).isEqualTo("openai");
        assertThat(request.request()).isEqualTo(CallFixture.json(Replays.REQUEST));
        assertThat(request.originalOutput()).isEqualTo("A short summary.");
        assertThat(request.originalUsage()).isEqualTo(Usage.of(1_000, 200));
        assertThat(request.originalCostUsd()).isEqualTo(0.004);
        assertThat(request.reference().get("expected_output").asText()).isEqualTo("A short summary.");
        assertThat(request.judge()).isEqualTo("llm");
        assertThat(request.targets()).containsExactly(MINI, NANO);
        assertThat(request.projectedCostUsd().get(MINI)).isCloseTo(MINI_CALL, within(1e-9));
        assertThat(request.projectedCostUsd().get(NANO)).isCloseTo(NANO_CALL, within(1e-9));
        assertThat(request.campaignId()).isNull();
        assertThat(request.requestedAt()).isEqualTo(scorer.now());
    }

    @Test
    void a_call_made_through_the_responses_api_is_sampled_to_be_replayed_in_it() {
        scorer.control("task/" + APP + "/" + TASK, "{\"sample_rate\": 1.0}");

        // Given a call recorded by the proxy's /v1/responses route, asking for more tokens than a replay may use,
        // and one naming an API llmwatch does not know
        scorer.send(withApi(fixture("responses").withRequest("""
                        {"model": "gpt-4.1", "instructions": "Summarise.", "input": "The ticket.",
                         "max_output_tokens": 100000, "stream": true}""").build(), "openai.responses"))
                .send(withApi(call("unknown-api"), "google.generate_content"));

        // Then it is sampled with its API, its token cap in that API's field, capped, and without streaming
        assertThat(scorer.requests()).singleElement().satisfies(request -> {
            assertThat(request.callId()).isEqualTo("responses");
            assertThat(request.api()).isEqualTo("openai.responses");
            assertThat(request.request().get("max_output_tokens").asInt()).isEqualTo(4096);
            assertThat(request.request().has("max_tokens")).isFalse();
            assertThat(request.request().has("stream")).isFalse();
        });
    }

    private static LlmCall withApi(LlmCall call, String api) {
        return new LlmCall(call.schema(), call.callId(), call.timestamp(), call.app(), call.taskType(), call.environment(),
                call.traceId(), call.sessionId(), call.provider(), call.operation(), call.requestModel(), call.responseModel(),
                call.request(), call.outputText(), call.finishReason(), call.usage(), call.latencyMs(), call.timeToFirstTokenMs(),
                call.cost(), call.error(), java.util.Map.of("api", api), call.reference());
    }

    @Test
    void the_incumbent_is_replayed_as_control_exactly_when_the_judge_compares_with_production() {
        // Given a judge that compares with production's answer
        scorer.control("task/" + APP + "/" + TASK, "{\"sample_rate\": 1.0, \"judge\": \"exact\"}").send(call("exact"));
        // and one that does not
        scorer.control("task/" + APP + "/" + TASK, "{\"sample_rate\": 1.0, \"judge\": \"reference\"}").send(call("reference"));

        List<ReplayRequest> requests = scorer.requests();
        assertThat(requests).extracting(ReplayRequest::judge).containsExactly("exact", "reference");
        assertThat(requests).extracting(ReplayRequest::targets)
                .containsExactly(List.of(MINI, NANO, INCUMBENT), List.of(MINI, NANO));
    }

    @Test
    void without_a_configured_judge_the_call_shape_decides_and_with_it_the_control() {
        try (ReplayDriver unjudged = new ReplayDriver(task().judge(null).config(), CATALOG)) {
            // A call with a reference is judged against it; a short answer exactly, against production's answer
            unjudged.send(fixture("has-reference").withReference("{\"expected_output\":\"x\"}").build())
                    .send(call("short-answer"));

            List<ReplayRequest> requests = unjudged.requests();
            assertThat(requests).extracting(ReplayRequest::judge).containsExactly("reference", "exact");
            assertThat(requests).extracting(ReplayRequest::targets)
                    .containsExactly(List.of(MINI, NANO), List.of(MINI, NANO, INCUMBENT));
        }
    }

    @Test
    void targets_are_projected_at_their_live_price_and_one_without_a_price_is_not_replayed() {
        scorer.control("task/" + APP + "/" + TASK,
                "{\"sample_rate\": 1.0, \"candidates\": [\"" + NANO + "\", \"mystery-1\"]}");

        // Given nano's price doubled on the control topic, and a candidate the catalog does not know
        scorer.control("price/" + NANO, "{\"input_per_mtok\": 0.2, \"output_per_mtok\": 0.8}").send(call("a"));

        assertThat(scorer.requests()).singleElement().satisfies(request -> {
            assertThat(request.targets()).containsExactly(NANO);
            assertThat(request.projectedCostUsd().get(NANO)).isCloseTo(2 * NANO_CALL, within(1e-12));
        });

        // When the unknown model gets a price
        scorer.control("price/mystery-1", "{\"input_per_mtok\": 1.0, \"output_per_mtok\": 1.0}").send(call("b"));

        // Then it is replayed too
        assertThat(scorer.requests()).singleElement()
                .satisfies(request -> assertThat(request.targets()).containsExactly(NANO, "mystery-1"));
    }

    private static List<String> idsSampledAt(List<LlmCall> calls, double rate) {
        return calls.stream().map(LlmCall::callId).filter(id -> SampleHash.sampled(id, rate)).toList();
    }

    private static List<String> callIds(List<ReplayRequest> requests) {
        return requests.stream().map(ReplayRequest::callId).toList();
    }
}
