package io.llmwatch.scorer.sample;

import static io.llmwatch.scorer.sample.Replays.APP;
import static io.llmwatch.scorer.sample.Replays.CATALOG;
import static io.llmwatch.scorer.sample.Replays.MINI;
import static io.llmwatch.scorer.sample.Replays.NANO;
import static io.llmwatch.scorer.sample.Replays.TASK;
import static io.llmwatch.scorer.sample.Replays.call;
import static io.llmwatch.scorer.sample.Replays.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.ReplayRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Periodic re-evaluation from a task's reevaluate_every: once per period, across restarts and downtime, live. */
class ScheduleTest {

    private static final String PREFIX = "scheduled/" + APP + "/" + TASK + "/";

    @AutoClose
    private final ReplayDriver scorer =
            ReplayDriver.restartable(task().sampleRate(0).candidates(NANO).reevaluate("P1D", 5).config(), CATALOG);

    @Test
    void a_scheduled_campaign_runs_once_per_period_across_a_restart() {
        // Given 12 stored calls of a task re-evaluated daily, 5 calls at a time
        store(12);
        assertThat(scorer.requests()).isEmpty();

        // When a day passes
        scorer.advance(Duration.ofDays(1));

        // Then one campaign replays the 5 most recent calls
        List<ReplayRequest> first = scorer.requests();
        assertThat(first).extracting(ReplayRequest::callId)
                .containsExactly("call-11", "call-10", "call-9", "call-8", "call-7");
        String campaignId = first.get(0).campaignId();
        assertThat(campaignId).startsWith(PREFIX);
        assertThat(first).allSatisfy(request -> assertThat(request.campaignId()).isEqualTo(campaignId));

        // When an hour passes, and the scorer restarts
        scorer.advance(Duration.ofHours(1)).restart().tick();

        // Then nothing runs again before the next day
        assertThat(scorer.requests()).isEmpty();

        // When the next day's run is due
        Instant due = dueOf(campaignId);
        scorer.advance(Duration.between(scorer.now(), due.plus(Duration.ofDays(1))));

        // Then it runs once, on the calls the first left
        List<ReplayRequest> second = scorer.requests();
        assertThat(second).extracting(ReplayRequest::callId)
                .containsExactly("call-6", "call-5", "call-4", "call-3", "call-2");
        assertThat(second.get(0).campaignId()).isEqualTo(PREFIX + due.plus(Duration.ofDays(1)));
    }

    @Test
    void after_downtime_over_several_due_times_it_runs_once_and_keeps_its_time_of_day() {
        store(15);
        scorer.advance(Duration.ofDays(1));
        Instant due = dueOf(scorer.requests().get(0).campaignId());

        // When the scorer is down for three and a half days
        scorer.restartAt(scorer.now().plus(Duration.ofDays(3)).plus(Duration.ofHours(12))).tick();

        // Then one run catches up, not three
        List<ReplayRequest> caughtUp = scorer.requests();
        assertThat(caughtUp).hasSize(5);
        assertThat(caughtUp.get(0).campaignId()).isEqualTo(PREFIX + due.plus(Duration.ofDays(1)));

        // and the next one is due on the original time of day, the first after now
        Instant next = due.plus(Duration.ofDays(4));
        scorer.advance(Duration.between(scorer.now(), next.minusSeconds(1)));
        assertThat(scorer.requests()).isEmpty();
        scorer.advance(Duration.ofSeconds(1));
        assertThat(scorer.requests()).hasSize(5)
                .allSatisfy(request -> assertThat(request.campaignId()).isEqualTo(PREFIX + next));
    }

    @Test
    void the_period_and_candidates_change_live() {
        store(6);

        // When the period is shortened to an hour on the control topic
        scorer.control("task/" + APP + "/" + TASK, "{\"reevaluate_every\": \"PT1H\", \"reevaluate_n\": 3}").tick();
        scorer.advance(Duration.ofHours(1));

        // Then a run comes within the hour
        assertThat(scorer.requests()).hasSize(3).allSatisfy(r -> assertThat(r.targets()).containsExactly(NANO));

        // When the candidates change
        scorer.control("task/" + APP + "/" + TASK,
                "{\"reevaluate_every\": \"PT1H\", \"reevaluate_n\": 3, \"candidates\": [\"" + MINI + "\"]}");
        scorer.advance(Duration.ofHours(1));

        // Then the next run replays the new candidate, on the most recent calls
        List<ReplayRequest> retested = scorer.requests();
        assertThat(retested).extracting(ReplayRequest::callId).containsExactly("call-5", "call-4", "call-3");
        assertThat(retested).allSatisfy(r -> assertThat(r.targets()).containsExactly(MINI));

        // When the live entry goes, the config file's daily period applies again: no run within the day
        scorer.control("task/" + APP + "/" + TASK, null).tick();
        scorer.advance(Duration.ofHours(23));
        assertThat(scorer.requests()).isEmpty();
    }

    private static Instant dueOf(String campaignId) {
        return Instant.parse(campaignId.substring(PREFIX.length()));
    }

    /** Stores calls call-0 … call-(n-1), spaced so that the reservoir feed takes each. */
    private void store(int n) {
        for (int i = 0; i < n; i++) {
            scorer.send(call("call-" + i)).advance(Duration.ofMillis(200));
        }
    }
}
