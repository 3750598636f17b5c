package io.llmwatch.scorer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One requested commit per stream thread and tick makes every statistics task's round visible. */
class VisibilityTest {

    private static final long TICK = 50;

    @Test
    void rounds_of_several_tasks_within_a_tick_share_one_commit() {
        LiveStatsProcessor.Visibility thread = new LiveStatsProcessor.Visibility();
        // Given two tasks of the thread publishing 20 ms apart
        thread.published(1_000);
        assertThat(thread.commitDue(1_000, TICK)).isFalse();
        thread.published(1_020);
        assertThat(thread.commitDue(1_020, TICK)).isFalse();

        // When a tick has passed since the first: one commit, then none until the next round
        assertThat(thread.commitDue(1_050, TICK)).isTrue();
        assertThat(thread.commitDue(1_070, TICK)).isFalse();
        assertThat(thread.commitDue(2_000, TICK)).isFalse();

        thread.published(2_000);
        assertThat(thread.commitDue(2_050, TICK)).isTrue();
    }
}
