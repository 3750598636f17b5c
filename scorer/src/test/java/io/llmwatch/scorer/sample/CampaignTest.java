package io.llmwatch.scorer.sample;

import static io.llmwatch.scorer.sample.Replays.APP;
import static io.llmwatch.scorer.sample.Replays.CATALOG;
import static io.llmwatch.scorer.sample.Replays.MINI;
import static io.llmwatch.scorer.sample.Replays.NANO;
import static io.llmwatch.scorer.sample.Replays.NANO_CALL;
import static io.llmwatch.scorer.sample.Replays.TASK;
import static io.llmwatch.scorer.sample.Replays.call;
import static io.llmwatch.scorer.sample.Replays.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.topic.Topics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Re-evaluation campaigns asked for on llmwatch.control: the most recent stored calls, once, within budget. */
class CampaignTest {

    /** Nothing is sampled live: every replay here is a campaign's. */
    @AutoClose
    private final ReplayDriver scorer = ReplayDriver.restartable(task().sampleRate(0).config(), CATALOG);

    @Test
    void a_campaign_replays_the_n_most_recent_stored_calls_once() {
        // Given 15 stored calls
        store(15);

        // When a campaign for 5 calls against nano is published
        scorer.control("campaign/c1", campaign("[\"" + NANO + "\"]", 5)).tick();

        // Then the 5 most recent calls are replayed against nano, newest first, under the campaign's id
        List<ReplayRequest> requests = scorer.requests();
        assertThat(requests).extracting(ReplayRequest::callId)
                .containsExactly("call-14", "call-13", "call-12", "call-11", "call-10");
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.campaignId()).isEqualTo("c1");
            assertThat(request.targets()).containsExactly(NANO);
        });

        // When the record is sent again, changed, and the scorer restarts
        scorer.control("campaign/c1", campaign("[\"" + NANO + "\"]", 5)).tick()
                .control("campaign/c1", campaign("[\"" + NANO + "\"]", 10)).tick()
                .restart().tick();

        // Then the campaign does not run again
        assertThat(scorer.requests()).isEmpty();
    }

    @Test
    void a_later_campaign_takes_the_calls_not_yet_replayed_against_its_candidates() {
        store(12);
        scorer.control("campaign/c1", campaign("[\"" + NANO + "\"]", 5)).tick().requests();

        // When another campaign asks for 3 more nano replays, and a third for 2 with the task's candidates
        scorer.control("campaign/c2", campaign("[\"" + NANO + "\"]", 3)).tick();
        List<ReplayRequest> second = scorer.requests();
        scorer.control("campaign/c3", campaign(null, 2)).tick();
        List<ReplayRequest> third = scorer.requests();

        // Then the second goes on with the calls the first left, and the third adds only mini to the newest
        assertThat(second).extracting(ReplayRequest::callId).containsExactly("call-6", "call-5", "call-4");
        assertThat(third).extracting(ReplayRequest::callId).containsExactly("call-11", "call-10");
        assertThat(third).allSatisfy(request -> assertThat(request.targets()).containsExactly(MINI));
    }

    @Test
    void a_campaign_stays_within_the_daily_budget() {
        try (ReplayDriver tight = new ReplayDriver(task().sampleRate(0).budget(NANO_CALL * 4.5).config(), CATALOG)) {
            for (int i = 0; i < 6; i++) {
                tight.send(call("call-" + i)).advance(Duration.ofMillis(200));
            }

            tight.control("campaign/c1", campaign("[\"" + NANO + "\"]", 6)).tick();

            assertThat(tight.requests()).hasSize(4);
        }
    }

    @Test
    void a_bad_campaign_record_goes_to_the_dead_letter_topic_once_naming_the_fields() {
        store(5);

        // When a campaign without task_type and with n = 0 is published, and looked at again
        scorer.control("campaign/bad", "{\"app\": \"" + APP + "\", \"n\": 0}").tick().tick();

        // Then one dead letter names both fields, and nothing is replayed
        List<DeadLetter> letters = scorer.deadLetters();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.key()).isEqualTo("campaign/bad");
            assertThat(letter.sourceTopic()).isEqualTo(Topics.CONTROL.name());
            assertThat(letter.reason()).contains("task_type is required").contains("n must be >= 1");
        });
        assertThat(scorer.requests()).isEmpty();

        // When it is corrected under the same id
        scorer.control("campaign/bad", campaign("[\"" + NANO + "\"]", 2)).tick();

        // Then it runs
        assertThat(scorer.requests()).hasSize(2);
        assertThat(scorer.deadLetters()).isEmpty();
    }

    @Test
    void a_record_that_is_not_json_is_rejected() {
        scorer.control("campaign/garbled", "{\"app\": ").tick();

        assertThat(scorer.deadLetters()).singleElement()
                .satisfies(letter -> assertThat(letter.reason()).startsWith("$ is not valid JSON"));
    }

    @Test
    void a_campaign_for_a_task_without_stored_calls_replays_nothing_now_or_later() {
        scorer.control("campaign/early", campaign("[\"" + NANO + "\"]", 5)).tick();
        store(5);
        scorer.restart().tick();

        assertThat(scorer.requests()).isEmpty();
    }

    @Test
    void calls_beyond_the_reservoir_feed_per_second_are_not_stored() {
        // Given 15 calls of a task within one second of wall clock
        for (int i = 0; i < 15; i++) {
            scorer.send(call("call-" + i));
        }

        scorer.control("campaign/all", campaign("[\"" + NANO + "\"]", 100)).tick();

        // Then the reservoir received the first ten
        assertThat(scorer.requests()).hasSize(RecentCallsFeed.PER_SECOND);
    }

    /** Stores calls call-0 … call-(n-1), spaced so that the reservoir feed takes each. */
    private void store(int n) {
        for (int i = 0; i < n; i++) {
            scorer.send(call("call-" + i)).advance(Duration.ofMillis(200));
        }
    }

    private static String campaign(String candidates, int n) {
        return "{\"app\": \"" + APP + "\", \"task_type\": \"" + TASK + "\", "
                + (candidates == null ? "" : "\"candidates\": " + candidates + ", ")
                + "\"n\": " + n + ", \"requested_at\": \"2026-03-02T12:00:00Z\"}";
    }
}
