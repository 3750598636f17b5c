package io.llmwatch.scorer.sample;

import static io.llmwatch.scorer.sample.Replays.APP;
import static io.llmwatch.scorer.sample.Replays.CATALOG;
import static io.llmwatch.scorer.sample.Replays.INCUMBENT;
import static io.llmwatch.scorer.sample.Replays.INCUMBENT_CALL;
import static io.llmwatch.scorer.sample.Replays.MINI;
import static io.llmwatch.scorer.sample.Replays.NANO;
import static io.llmwatch.scorer.sample.Replays.TASK;
import static io.llmwatch.scorer.sample.Replays.call;
import static io.llmwatch.scorer.sample.Replays.fixture;
import static io.llmwatch.scorer.sample.Replays.judged;
import static io.llmwatch.scorer.sample.Replays.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.ReplayRequest;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Spend where it decides something, and a fixed reference (docs/decisions.md), through the production
 * scoring topology: a decided candidate is replayed only at the task's maintenance rate, and after a
 * switch the model in production is replayed against the reference.
 */
class MaintenanceSamplingTest {

    private static final double MAINTENANCE_RATE = 0.2;
    /**
     * Calls per test: each runs through the whole scoring topology. That the rule
     * keeps the maintenance rate over many calls is {@link MaintenanceRateTest}'s, on 200,000 call ids.
     */
    private static final int CALLS = 60;
    /** Every call sampled; a margin of 0.5 lets a few dozen zero deltas decide non-inferiority. */
    @AutoClose
    private final ReplayDriver scorer = new ReplayDriver(
            task().sampleRate(1.0).margin(0.5).maintenanceRate(MAINTENANCE_RATE).config(), CATALOG);

    @Test
    void a_decided_candidate_is_replayed_at_the_maintenance_rate_and_an_undecided_one_on_every_sampled_call() {
        // Given mini's comparison with the incumbent is decided non-inferior, and nano's is still accumulating
        decideNonInferior(MINI);

        // When calls of the incumbent arrive, all sampled
        int calls = CALLS;
        List<String> ids = IntStream.range(0, calls).mapToObj(i -> "live-" + i).toList();
        ids.forEach(id -> scorer.send(call(id)));
        List<ReplayRequest> requests = scorer.requests();

        // Then nano is replayed on every call
        assertThat(requests).hasSize(calls).allSatisfy(request -> assertThat(request.targets()).contains(NANO));
        // And mini exactly on the calls whose sampling number is below the maintenance rate
        List<String> withMini = requests.stream().filter(r -> r.targets().contains(MINI)).map(ReplayRequest::callId).toList();
        assertThat(withMini).containsExactlyInAnyOrderElementsOf(
                ids.stream().filter(id -> SampleHash.sampled(id, MAINTENANCE_RATE)).toList());
        // which is the maintenance rate, within the binomial 99.9 % band (±3.3 sd)
        double sd = Math.sqrt(calls * MAINTENANCE_RATE * (1 - MAINTENANCE_RATE));
        assertThat((double) withMini.size()).isCloseTo(calls * MAINTENANCE_RATE, within(3.3 * sd));
    }

    @Test
    void an_alarm_brings_the_full_rate_back() {
        // Given mini decided non-inferior
        decideNonInferior(MINI);

        // When its deltas fall until its change detector raises an alarm
        for (int i = 0; i < 400 && scorer.comparisons().stream().noneMatch(c -> c.candidate().equals(MINI)
                && c.state() == EvidenceState.ALARMED); i++) {
            scorer.result(judged("fall-" + i, MINI, -1.0));
        }

        // Then mini is replayed on every sampled call again
        List<String> ids = IntStream.range(0, 50).mapToObj(i -> "after-" + i).toList();
        ids.forEach(id -> scorer.send(call(id)));
        assertThat(scorer.requests()).hasSize(50).allSatisfy(request -> assertThat(request.targets()).contains(MINI, NANO));
    }

    @Test
    void after_a_switch_the_model_in_production_is_replayed_against_the_reference() {
        scorer.control("task/" + APP + "/" + TASK,
                "{\"sample_rate\": 1.0, \"margin\": 0.5, \"maintenance_rate\": 1.0, \"judge\": \"exact\"}");

        // When the service's calls are served by mini, the cheaper model it switched to
        scorer.send(fixture("switched").withModel(MINI).build());

        // Then the call is replayed against mini and nano, with the incumbent as the control and the yardstick
        assertThat(scorer.requests()).singleElement().satisfies(request -> {
            assertThat(request.incumbent()).isEqualTo(INCUMBENT);
            assertThat(request.servedBy()).isEqualTo(MINI);
            assertThat(request.servedByIncumbent()).isFalse();
            assertThat(request.targets()).containsExactly(MINI, NANO, INCUMBENT);
            // replayed twice (the stand-in for production's answer, and the self-replay control), charged for both
            assertThat(request.projectedCostUsd().get(INCUMBENT)).isCloseTo(2 * INCUMBENT_CALL, within(1e-12));
        });

        // And a call served by a model that is no candidate is replayed against it too
        scorer.control("task/" + APP + "/" + TASK, "{\"sample_rate\": 1.0, \"judge\": \"reference\", \"candidates\": [\"" + MINI + "\"]}");
        scorer.send(fixture("by-nano").withModel(NANO).build());
        assertThat(scorer.requests()).singleElement().satisfies(request -> {
            assertThat(request.targets()).containsExactly(MINI, NANO, INCUMBENT);
            // a judge that does not compare with production's answer needs one replay of the reference
            assertThat(request.projectedCostUsd().get(INCUMBENT)).isCloseTo(INCUMBENT_CALL, within(1e-12));
        });
    }

    @Test
    void after_a_switch_a_decided_production_model_is_kept_at_the_maintenance_rate() {
        // Given mini decided non-inferior against the incumbent, and production switched to it
        decideNonInferior(MINI);

        // When calls served by mini arrive
        int calls = CALLS;
        List<String> ids = IntStream.range(0, calls).mapToObj(i -> "prod-" + i).toList();
        ids.forEach(id -> scorer.send(fixture(id).withModel(MINI).build()));
        List<ReplayRequest> requests = scorer.requests();

        // Then every request compares with the incumbent, which is always replayed as the control
        assertThat(requests).hasSize(calls).allSatisfy(request -> {
            assertThat(request.incumbent()).isEqualTo(INCUMBENT);
            assertThat(request.targets()).contains(NANO, INCUMBENT);
        });
        // And mini, the model in production, is replayed against it at the maintenance rate
        List<String> withMini = requests.stream().filter(r -> r.targets().contains(MINI)).map(ReplayRequest::callId).toList();
        assertThat(withMini).containsExactlyInAnyOrderElementsOf(
                ids.stream().filter(id -> SampleHash.sampled(id, MAINTENANCE_RATE)).toList());
        double sd = Math.sqrt(calls * MAINTENANCE_RATE * (1 - MAINTENANCE_RATE));
        assertThat((double) withMini.size()).isCloseTo(calls * MAINTENANCE_RATE, within(3.3 * sd));
    }

    /** Zero deltas until the candidate's comparison is published as decided non-inferior. */
    private void decideNonInferior(String candidate) {
        boolean decided = false;
        for (int i = 0; i < 200 && !decided; i++) {
            scorer.result(judged("warm-" + candidate + "-" + i, candidate, 0.0));
            decided = scorer.comparisons().stream()
                    .anyMatch(c -> c.candidate().equals(candidate) && c.state() == EvidenceState.MONITORING);
        }
        assertThat(decided).as(candidate + " decided non-inferior").isTrue();
        assertThat(scorer.requests()).isEmpty();
    }
}
