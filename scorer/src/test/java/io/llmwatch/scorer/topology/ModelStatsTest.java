package io.llmwatch.scorer.topology;

import static io.llmwatch.scorer.CallFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.config.PipelineConfig;
import io.llmwatch.event.Cost;
import io.llmwatch.event.CostSource;
import io.llmwatch.event.ModelStats;
import io.llmwatch.scorer.CallFixture;
import io.llmwatch.scorer.ScorerDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Per-model statistics over tumbling event-time windows: published as they fill, at most once per
 * publish interval of wall-clock time, once more when they close, and again when a late call or
 * grade changes them within the evaluation horizon.
 */
class ModelStatsTest {

    private static final String MODEL = "shop/summarize/gpt-4.1-mini";

    private static final Instant W1 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration INTERVAL = PipelineConfig.DEFAULT.publishInterval();
    /** How often the statistics punctuators look: a twentieth of the publish interval. */
    private static final Duration TICK = ScorerDriver.TICK;
    private static final Instant W2 = W1.plus(Duration.ofMinutes(1));
    private static final Instant W3 = W1.plus(Duration.ofMinutes(2));

    @AutoClose
    private final ScorerDriver scorer = new ScorerDriver();

    @Test
    void each_window_reports_latency_quantiles_cost_mean_and_errors() {
        // Given window 1: 100 calls with latencies 10, 20, …, 1000 ms, cost 0.01 each, 2 of them failed,
        // the others matching their reference
        for (int i = 1; i <= 100; i++) {
            CallFixture call = call("w1-" + i, W1.plusMillis(i * 100L)).withLatency(i * 10.0)
                    .withCost(new Cost(0.01, "USD", CostSource.PROVIDER, null))
                    .withReference("{\"expected_output\":\"A short summary.\"}");
            scorer.send(i % 40 == 0 ? call.failed("timeout") : call);
        }
        // and window 2: 10 calls of 2 s at 0.05, one failed
        for (int i = 1; i <= 10; i++) {
            CallFixture call = call("w2-" + i, W2.plusSeconds(i)).withLatency(2_000)
                    .withCost(new Cost(0.05, "USD", CostSource.PROVIDER, null));
            scorer.send(i == 1 ? call.failed("rate_limit") : call);
        }

        // When a call of the third window closes both
        scorer.send(call("w3", W3.plusSeconds(1)));

        // Then
        List<KeyValue<String, ModelStats>> stats = scorer.stats().stream().filter(kv -> !kv.value.open()).toList();
        assertThat(stats).hasSize(2);
        ModelStats first = stats.get(0).value;
        assertThat(first.window().start()).isEqualTo(W1);
        assertThat(first.window().end()).isEqualTo(W2);
        assertThat(first.calls()).isEqualTo(100);
        assertThat(first.errors()).isEqualTo(2);
        assertThat(first.errorRate()).isEqualTo(0.02);
        assertThat(first.costMean()).isCloseTo(0.01, within(1e-12));
        assertThat(first.latencyP50Ms()).isCloseTo(500.0, within(500 * 0.05));
        assertThat(first.latencyP95Ms()).isCloseTo(950.0, within(950 * 0.05));
        assertThat(first.qualityN()).isEqualTo(100);
        // 98 good calls score 1; each failed one correctness 0 (no output), format 0 and efficiency 1/2
        // (halved): (0.15·0.5) / (0.50 + 0.20 + 0.15)
        assertThat(first.qualityMean()).isCloseTo((98 + 2 * (0.15 * 0.5) / 0.85) / 100, within(1e-9));

        ModelStats second = stats.get(1).value;
        assertThat(second.window().start()).isEqualTo(W2);
        assertThat(second.calls()).isEqualTo(10);
        assertThat(second.errors()).isEqualTo(1);
        assertThat(second.costMean()).isCloseTo(0.05, within(1e-12));
        assertThat(second.latencyP50Ms()).isCloseTo(2_000.0, within(100.0));
        assertThat(second.inputTokens()).isEqualTo(10_000);
        assertThat(second.outputTokens()).isEqualTo(2_000);
    }

    @Test
    void one_call_then_nothing_is_published_after_the_publish_interval() {
        // Given one call, and no later traffic to move stream time on
        scorer.send(call("only", W1.plusSeconds(1)));
        assertThat(scorer.statsPublished()).isEmpty();

        // When the publish interval passes on the wall clock
        List<KeyValue<String, ModelStats>> stats = scorer.stats();

        // Then its window is published, open, keyed by app/task/model/window
        assertThat(stats).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(MODEL + "/" + W1);
            assertThat(kv.value.calls()).isEqualTo(1);
            assertThat(kv.value.open()).isTrue();
        });
        // and nothing more while nothing changes
        assertThat(scorer.stats()).isEmpty();
    }

    @Test
    void a_change_soon_after_a_round_waits_for_the_next_round_an_interval_later() {
        Duration interval = INTERVAL;
        Duration tick = TICK;
        firstCallPublishedWithinTwoTicks();

        // When more calls follow at once (as the small batch a round's commit lets through), their
        // contributions forwarded at the scoring task's next ticks
        scorer.send(call("second", W1.plusSeconds(2)));
        scorer.advanceWallClock(tick);
        scorer.send(call("third", W1.plusSeconds(3)));
        scorer.advanceWallClock(interval.minus(tick));

        // Then they wait for the round an interval after the first of them arrived, and are published together
        assertThat(scorer.statsPublished()).isEmpty();
        scorer.advanceWallClock(tick);
        assertThat(scorer.statsPublished()).singleElement().satisfies(kv -> assertThat(kv.value.calls()).isEqualTo(3));
    }

    @Test
    void a_change_half_an_interval_after_the_last_round_is_published_within_two_ticks() {
        Duration interval = INTERVAL;
        Duration tick = TICK;
        firstCallPublishedWithinTwoTicks();

        // the main batch after the next regular commit, a little less than an interval later:
        // forwarded by the scoring task at its next tick, published at the statistics task's next
        scorer.advanceWallClock(interval.dividedBy(2));
        scorer.send(call("second", W1.plusSeconds(2)));
        scorer.advanceWallClock(tick);
        assertThat(scorer.statsPublished()).isEmpty();
        scorer.advanceWallClock(tick);

        assertThat(scorer.statsPublished()).singleElement().satisfies(kv -> assertThat(kv.value.calls()).isEqualTo(2));
    }

    @Test
    void the_calls_of_a_tick_are_combined_and_published_in_one_round() {
        Duration tick = TICK;
        assertThat(scorer.stats()).isEmpty(); // the first tick after start-up has passed
        // Given a batch arriving over a tick, a call every 10 ms
        scorer.send(call("a0", W1.plusSeconds(1)));
        for (int i = 1; i <= 4; i++) {
            scorer.advanceWallClock(Duration.ofMillis(10));
            scorer.send(call("a" + i, W1.plusSeconds(1 + i)));
        }
        // forwarded as one partial at the scoring task's tick
        scorer.advanceWallClock(Duration.ofMillis(10));
        assertThat(scorer.statsPublished()).isEmpty();

        // When a tick passes without changes, the whole batch is published at once
        scorer.advanceWallClock(tick);
        assertThat(scorer.statsPublished()).singleElement().satisfies(kv -> assertThat(kv.value.calls()).isEqualTo(5));
    }

    @Test
    void updates_are_coalesced_per_window_not_per_call() {
        for (int i = 0; i < 100; i++) {
            scorer.send(call("c" + i, W1.plusMillis(i * 500L)));
        }

        assertThat(scorer.stats()).singleElement().satisfies(kv -> assertThat(kv.value.calls()).isEqualTo(100));
    }

    @Test
    void a_window_is_published_closed_once_stream_time_passes_its_end_then_only_when_it_changes() {
        scorer.send(call("a", W1.plusSeconds(1))).send(call("b", W1.plusSeconds(59)));
        assertThat(scorer.stats()).singleElement().satisfies(kv -> assertThat(kv.value.open()).isTrue());

        scorer.send(call("c", W2.plusSeconds(1)));
        assertThat(scorer.stats()).extracting(kv -> kv.key + " calls=" + kv.value.calls() + " open=" + kv.value.open())
                .containsExactly(MODEL + "/" + W1 + " calls=2 open=false", MODEL + "/" + W2 + " calls=1 open=true");

        scorer.send(call("d", W2.plusSeconds(2)));
        assertThat(scorer.stats()).extracting(kv -> kv.key).containsExactly(MODEL + "/" + W2);
    }

    @Test
    void closed_windows_are_published_in_window_order_across_models() {
        scorer.send(call("a", W1.plusSeconds(1)))
                .send(call("b", W1.plusSeconds(2)).withModel("gpt-4.1"))
                .send(call("c", W2.plusSeconds(3)).withModel("gpt-4.1"))
                .send(call("d", W2.plusSeconds(4)))
                .send(call("e", W3.plusSeconds(5)));

        assertThat(scorer.stats()).filteredOn(kv -> !kv.value.open()).extracting(kv -> kv.key + "=" + kv.value.calls())
                .containsExactly(MODEL + "/" + W1 + "=1", "shop/summarize/gpt-4.1/" + W1 + "=1",
                        MODEL + "/" + W2 + "=1", "shop/summarize/gpt-4.1/" + W2 + "=1");
    }

    @Test
    void a_call_far_behind_stream_time_still_counts_in_its_window() {
        // Given a window closed long ago (a lagging partition in a catch-up)
        scorer.send(call("a", W1.plusSeconds(1))).send(call("b", W3.plusSeconds(1)));
        scorer.stats();

        // When a call of that window arrives
        scorer.send(call("behind", W1.plusSeconds(30)));

        // Then the window is republished, still closed, with both calls
        assertThat(scorer.stats()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(MODEL + "/" + W1);
            assertThat(kv.value.calls()).isEqualTo(2);
            assertThat(kv.value.open()).isFalse();
        });
    }

    @Test
    void an_evaluation_after_its_window_closed_gives_that_window_the_quality() {
        // Given a call five hours ago, and stream time now: its window has long closed
        Instant earlier = W1.minus(Duration.ofHours(5));
        scorer.send(call("graded-later", earlier.plusSeconds(1))).send(call("now", W1.plusSeconds(1)));
        assertThat(latest(MODEL + "/" + earlier).open()).isFalse();

        // When its evaluation arrives
        scorer.evaluate(CallFixture.evaluation("graded-later", W1.plusSeconds(2), "quality", 0.7));

        // Then that window's row carries it
        ModelStats graded = latest(MODEL + "/" + earlier);
        assertThat(graded.calls()).isEqualTo(1);
        assertThat(graded.qualityN()).isEqualTo(1);
        assertThat(graded.qualityMean()).isCloseTo(0.7, within(1e-9));
        assertThat(graded.open()).isFalse();
    }

    @Test
    void a_duplicate_evaluation_counts_once_and_a_regrade_replaces_the_grade() {
        scorer.send(call("x", W1.plusSeconds(1))).send(call("y", W1.plusSeconds(2)))
                .evaluate(CallFixture.evaluation("x", W1.plusSeconds(10), "quality", 0.2))
                .evaluate(CallFixture.evaluation("y", W1.plusSeconds(10), "quality", 0.6))
                .send(call("next", W3));

        // the same evaluation again, after the window closed
        scorer.evaluate(CallFixture.evaluation("x", W1.plusSeconds(10), "quality", 0.2));
        ModelStats once = latest(MODEL + "/" + W1);
        assertThat(once.qualityN()).isEqualTo(2);
        assertThat(once.qualityMean()).isCloseTo(0.4, within(1e-9));

        // a later grade of x replaces its first
        scorer.evaluate(CallFixture.evaluation("x", W3.plusSeconds(10), "quality", 1.0));
        ModelStats regraded = latest(MODEL + "/" + W1);
        assertThat(regraded.calls()).isEqualTo(2);
        assertThat(regraded.qualityN()).isEqualTo(2);
        assertThat(regraded.qualityMean()).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void an_evaluation_beyond_the_horizon_goes_to_the_dead_letter_topic_with_the_reason() {
        Instant dayBefore = W1.minus(Duration.ofHours(25));
        scorer.send(call("old", dayBefore.plusSeconds(1))).send(call("a-day-later", W1));
        assertThat(latest(MODEL + "/" + dayBefore).open()).isFalse();

        scorer.evaluate(CallFixture.evaluation("old", W1, "quality", 0.1));

        assertThat(scorer.stats()).isEmpty();
        assertThat(scorer.deadLetters()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("old");
            assertThat(kv.value.reason()).startsWith("timestamp arrived ")
                    .contains(" s of event time after its call (" + dayBefore.plusSeconds(1) + ")")
                    .contains("pipeline.evaluation_horizon (PT24H)");
            assertThat(kv.value.component()).isEqualTo("scorer");
        });
    }

    @Test
    void an_evaluation_of_an_unknown_call_older_than_the_horizon_goes_to_the_dead_letter_topic() {
        scorer.send(call("now", W1));

        scorer.evaluate(CallFixture.evaluation("forgotten", W1.minus(Duration.ofHours(30)), "quality", 0.1));

        assertThat(scorer.deadLetters()).singleElement()
                .satisfies(kv -> assertThat(kv.value.reason()).contains("older than the newest event"));
    }

    /**
     * Given a quiet scorer, a call is published two ticks after it arrives, not an interval: the
     * scoring task forwards it at its tick, the statistics task publishes it at the next.
     */
    private void firstCallPublishedWithinTwoTicks() {
        scorer.send(call("first", W1.plusSeconds(1)));
        scorer.advanceWallClock(TICK);
        assertThat(scorer.statsPublished()).isEmpty();
        scorer.advanceWallClock(TICK);
        assertThat(scorer.statsPublished()).singleElement().satisfies(kv -> assertThat(kv.value.calls()).isEqualTo(1));
    }

    /** The latest version of a window published after one more publish interval. */
    private ModelStats latest(String key) {
        ModelStats latest = null;
        for (KeyValue<String, ModelStats> kv : scorer.stats()) {
            if (kv.key.equals(key)) {
                latest = kv.value;
            }
        }
        assertThat(latest).as("published " + key).isNotNull();
        return latest;
    }
}
