package io.llmwatch.scorer.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The schedule rule on its own: first run, due runs, catch-up, period changes. */
class ReevaluationScheduleTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final long D = DAY.toMillis();
    private static final long T0 = 1_000_000L;

    @Test
    void a_new_schedule_is_first_due_one_period_later() {
        ReevaluationSchedule.Step step = ReevaluationSchedule.step(TaskReplayState.NEW, DAY, T0);

        assertThat(step.dueMs()).isNull();
        assertThat(step.state().nextDueMs()).isEqualTo(T0 + D);
        assertThat(step.state().periodMs()).isEqualTo(D);
    }

    @Test
    void a_due_run_fires_once_and_the_next_is_one_period_on() {
        TaskReplayState scheduled = ReevaluationSchedule.step(TaskReplayState.NEW, DAY, T0).state();

        ReevaluationSchedule.Step due = ReevaluationSchedule.step(scheduled, DAY, T0 + D + 5);
        ReevaluationSchedule.Step again = ReevaluationSchedule.step(due.state(), DAY, T0 + D + 10);

        assertThat(due.dueMs()).isEqualTo(T0 + D);
        assertThat(due.state().nextDueMs()).isEqualTo(T0 + 2 * D);
        assertThat(due.state().lastRunMs()).isEqualTo(T0 + D + 5);
        assertThat(again.dueMs()).isNull();
        assertThat(again.state()).isEqualTo(due.state());
    }

    @Test
    void after_missing_several_due_times_one_run_catches_up_and_the_grid_holds() {
        TaskReplayState scheduled = ReevaluationSchedule.step(TaskReplayState.NEW, DAY, T0).state();

        ReevaluationSchedule.Step late = ReevaluationSchedule.step(scheduled, DAY, T0 + 4 * D + D / 2);

        assertThat(late.dueMs()).isEqualTo(T0 + D);
        assertThat(late.state().nextDueMs()).isEqualTo(T0 + 5 * D);
        assertThat(ReevaluationSchedule.step(late.state(), DAY, T0 + 5 * D - 1).dueMs()).isNull();
    }

    @Test
    void a_changed_period_counts_from_the_last_run_and_runs_at_once_when_that_is_past() {
        TaskReplayState ran = ReevaluationSchedule.step(
                ReevaluationSchedule.step(TaskReplayState.NEW, DAY, T0).state(), DAY, T0 + D).state();

        ReevaluationSchedule.Step longer = ReevaluationSchedule.step(ran, Duration.ofDays(7), T0 + D + 1);
        ReevaluationSchedule.Step shorter = ReevaluationSchedule.step(ran, Duration.ofHours(1), T0 + D + Duration.ofHours(2).toMillis());

        assertThat(longer.dueMs()).isNull();
        assertThat(longer.state().nextDueMs()).isEqualTo(T0 + D + 7 * D);
        assertThat(shorter.dueMs()).isEqualTo(T0 + D + Duration.ofHours(1).toMillis());
    }

    @Test
    void no_period_drops_the_schedule() {
        TaskReplayState scheduled = ReevaluationSchedule.step(TaskReplayState.NEW, DAY, T0).state();

        ReevaluationSchedule.Step dropped = ReevaluationSchedule.step(scheduled, null, T0 + 2 * D);

        assertThat(dropped.dueMs()).isNull();
        assertThat(dropped.state().nextDueMs()).isNull();
        assertThat(dropped.state().periodMs()).isNull();
    }
}
