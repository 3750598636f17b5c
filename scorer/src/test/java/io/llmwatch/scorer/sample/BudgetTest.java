package io.llmwatch.scorer.sample;

import static io.llmwatch.scorer.sample.Replays.CATALOG;
import static io.llmwatch.scorer.sample.Replays.INCUMBENT;
import static io.llmwatch.scorer.sample.Replays.INCUMBENT_CALL;
import static io.llmwatch.scorer.sample.Replays.MINI;
import static io.llmwatch.scorer.sample.Replays.MINI_CALL;
import static io.llmwatch.scorer.sample.Replays.NANO;
import static io.llmwatch.scorer.sample.Replays.NANO_CALL;
import static io.llmwatch.scorer.sample.Replays.call;
import static io.llmwatch.scorer.sample.Replays.chargedNanos;
import static io.llmwatch.scorer.sample.Replays.fixture;
import static io.llmwatch.scorer.sample.Replays.result;
import static io.llmwatch.scorer.sample.Replays.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.config.ReplayConfig;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The daily replay budget per candidate: never exceeded, reset each UTC day, kept across restarts, reconciled. */
class BudgetTest {

    /** Two mini replays ($0.00144) or 11 nano replays ($0.00198) of the standard call fit; a third or a 12th does not. */
    private static final double BUDGET = 0.002;
    private static final long BUDGET_NANOS = 2_000_000;
    /** Six mini replays ($0.00432) fit; a seventh does not. */
    private static final double SIX_MINI = 0.005;

    @Test
    void the_daily_budget_of_each_candidate_is_never_exceeded() {
        try (ReplayDriver scorer = new ReplayDriver(task().budget(BUDGET).config(), CATALOG)) {
            // Given 30 sampled calls of varied sizes, more than the budget pays for
            Random random = new Random(7);
            for (int i = 0; i < 30; i++) {
                long input = 200 + random.nextInt(2_000);
                long output = 20 + random.nextInt(400);
                scorer.send(fixture("call-" + i).withUsage(Usage.of(input, output)).build());
            }

            // Then each candidate's charges of the day stay within its budget, and the budget was used
            List<ReplayRequest> requests = scorer.requests();
            Map<String, Long> charged = chargedNanos(requests);
            assertThat(charged).containsOnlyKeys(MINI + "@2026-03-02", NANO + "@2026-03-02");
            assertThat(charged.values()).allSatisfy(nanos -> assertThat(nanos).isLessThanOrEqualTo(BUDGET_NANOS));
            assertThat(charged.get(MINI + "@2026-03-02")).isGreaterThan(BUDGET_NANOS * 8 / 10);
            // and a request names exactly the targets it was charged for
            assertThat(requests).allSatisfy(request ->
                    assertThat(request.projectedCostUsd()).containsOnlyKeys(request.targets()));
            assertThat(requests).hasSizeLessThan(30);
        }
    }

    @Test
    void a_replay_is_projected_from_its_request_not_from_the_usage_the_call_declares() throws Exception {
        // Given a call that declares 1 + 1 tokens, with a 40 KB prompt, n: 8, max_tokens: 100000 and streaming
        String prompt = "The export fails for accounts with several workspaces. ".repeat(720);
        String request = Json.mapper().writeValueAsString(Json.mapper().createObjectNode().put("model", INCUMBENT)
                .put("n", 8).put("max_tokens", 100_000).put("stream", true).put("api_key", "sk-test-0123456789")
                .set("messages", Json.mapper().createArrayNode().add(Json.mapper().createObjectNode()
                        .put("role", "user").put("content", prompt))));
        try (ReplayDriver scorer = new ReplayDriver(task().budget(1.0).candidates(MINI).config()
                .withReplay(new ReplayConfig(512, 1)), CATALOG)) {
            scorer.send(fixture("liar").withRequest(request).withUsage(Usage.of(1, 1)).build());

            // Then it is replayed once, capped, without streaming or credentials, and charged its bound
            ReplayRequest replay = scorer.requests().get(0);
            assertThat(replay.request().path("n").asInt()).isEqualTo(1);
            assertThat(replay.request().path("max_tokens").asInt()).isEqualTo(512);
            assertThat(replay.request().has("stream")).isFalse();
            assertThat(replay.request().has("api_key")).isFalse();
            long bytes = Json.mapper().writeValueAsBytes(replay.request()).length;
            assertThat(bytes).isGreaterThan(prompt.length());
            assertThat(replay.projectedCostUsd().get(MINI)).isCloseTo((bytes * 0.40 + 512 * 1.60) / 1e6, within(1e-9));
        }
    }

    @Test
    void a_candidate_over_budget_is_dropped_and_the_call_goes_to_the_others() {
        try (ReplayDriver scorer = new ReplayDriver(task().budget(BUDGET).config(), CATALOG)) {
            for (int i = 0; i < 14; i++) {
                scorer.send(call("call-" + i));
            }

            List<ReplayRequest> requests = scorer.requests();
            assertThat(requests).hasSize(11);
            assertThat(requests.subList(0, 2)).allSatisfy(r -> assertThat(r.targets()).containsExactly(MINI, NANO));
            assertThat(requests.subList(2, 11)).allSatisfy(r -> assertThat(r.targets()).containsExactly(NANO));
        }
    }

    @Test
    void the_budget_starts_again_on_the_next_utc_day() {
        try (ReplayDriver scorer = new ReplayDriver(task().budget(BUDGET).candidates(MINI).config(), CATALOG)) {
            // Given a day's mini budget spent by noon
            for (int i = 0; i < 3; i++) {
                scorer.send(call("day1-" + i));
            }
            assertThat(scorer.requests()).hasSize(2);
            // and nothing more fits later that day
            scorer.advance(Duration.ofHours(11).plusMinutes(59)).send(call("day1-late"));
            assertThat(scorer.requests()).isEmpty();

            // When the UTC day turns
            scorer.advance(Duration.ofMinutes(2));
            for (int i = 0; i < 3; i++) {
                scorer.send(call("day2-" + i));
            }

            // Then the new day has a budget of its own
            List<ReplayRequest> nextDay = scorer.requests();
            assertThat(nextDay).hasSize(2);
            assertThat(chargedNanos(nextDay)).containsOnlyKeys(MINI + "@2026-03-03");
        }
    }

    @Test
    void the_spend_survives_a_restart() {
        try (ReplayDriver scorer = ReplayDriver.restartable(task().budget(BUDGET).candidates(MINI).config(), CATALOG)) {
            // Given one of the two mini replays of the day spent
            for (int i = 0; i < 1; i++) {
                scorer.send(call("before-" + i));
            }
            List<ReplayRequest> requests = new ArrayList<>(scorer.requests());

            // When the scorer restarts and more calls come
            scorer.restart();
            for (int i = 0; i < 3; i++) {
                scorer.send(call("after-" + i));
            }
            requests.addAll(scorer.requests());

            // Then only one more is replayed: the day's spend was not forgotten
            assertThat(requests).hasSize(2);
            assertThat(chargedNanos(requests).get(MINI + "@2026-03-02")).isLessThanOrEqualTo(BUDGET_NANOS);
        }
    }

    @Test
    void actual_costs_settle_the_charges_once_per_result() {
        try (ReplayDriver scorer = new ReplayDriver(task().budget(SIX_MINI).candidates(MINI).config(), CATALOG)) {
            // Given the day's mini budget spent on six replays
            for (int i = 0; i < 7; i++) {
                scorer.send(call("call-" + i));
            }
            List<ReplayRequest> charged = scorer.requests();
            assertThat(charged).hasSize(6);

            // When two replays turn out to have cost half their projection, one of those results delivered twice
            scorer.result(result(charged.get(0), MINI, MINI_CALL / 2))
                    .result(result(charged.get(1), MINI, MINI_CALL / 2))
                    .result(result(charged.get(1), MINI, MINI_CALL / 2));

            // Then one more replay fits (a freed replay's worth, not one and a half)
            for (int i = 7; i < 10; i++) {
                scorer.send(call("call-" + i));
            }
            assertThat(scorer.requests()).extracting(ReplayRequest::callId).containsExactly("call-7");

            // When a replay turns out to have cost more than projected
            scorer.result(result(charged.get(2), MINI, MINI_CALL * 2));
            // and another one half as much
            scorer.result(result(charged.get(3), MINI, MINI_CALL / 2));
            scorer.send(call("call-10"));

            // Then the overrun used up what the saving freed: nothing more fits
            assertThat(scorer.requests()).isEmpty();
        }
    }

    @Test
    void the_control_replay_is_charged_to_the_incumbent_and_without_it_nothing_is_replayed() {
        // Given a judge that needs the incumbent's self-replay, and a budget of one incumbent replay and a half
        try (ReplayDriver scorer = new ReplayDriver(task().judge("exact").budget(INCUMBENT_CALL * 1.5).config(), CATALOG)) {
            scorer.send(call("a")).send(call("b"));

            // Then the first call is replayed with its control, the second not at all: its candidates could not be judged
            List<ReplayRequest> requests = scorer.requests();
            assertThat(requests).singleElement().satisfies(request -> {
                assertThat(request.targets()).containsExactly(MINI, NANO, INCUMBENT);
                assertThat(request.projectedCostUsd().get(INCUMBENT)).isEqualTo(INCUMBENT_CALL);
                assertThat(request.projectedCostUsd().get(NANO)).isEqualTo(NANO_CALL);
            });
        }
    }
}
