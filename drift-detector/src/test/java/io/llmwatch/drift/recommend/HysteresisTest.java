package io.llmwatch.drift.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HysteresisTest {

    private static final int K = 2;

    @Test
    void aNewBestIsAcceptedAfterKConsecutiveWindows() {
        // Given gpt-4.1 accepted
        Hysteresis start = Hysteresis.startingFrom("gpt-4.1");

        // When gpt-4.1-mini is best twice in a row
        Hysteresis.Step first = start.next("gpt-4.1-mini", K);
        Hysteresis.Step second = first.state().next("gpt-4.1-mini", K);

        // Then it is pending after one window and accepted after two
        assertThat(first.changed()).isFalse();
        assertThat(first.state()).isEqualTo(new Hysteresis("gpt-4.1", "gpt-4.1-mini", 1));
        assertThat(second.changed()).isTrue();
        assertThat(second.replacedModel()).isEqualTo("gpt-4.1");
        assertThat(second.state()).isEqualTo(new Hysteresis("gpt-4.1-mini", null, 0));
    }

    @Test
    void anyOtherOutcomeBreaksTheStreak() {
        Hysteresis pending = new Hysteresis("gpt-4.1", "gpt-4.1-mini", 1);

        assertThat(pending.next("gpt-4.1", K).state()).isEqualTo(new Hysteresis("gpt-4.1", null, 0));
        assertThat(pending.next(null, K).state()).isEqualTo(new Hysteresis("gpt-4.1", null, 0));
        Hysteresis.Step other = pending.next("claude-haiku", K);
        assertThat(other.changed()).isFalse();
        assertThat(other.state()).isEqualTo(new Hysteresis("gpt-4.1", "claude-haiku", 1));
    }

    @Test
    void withoutAnIncumbentTheFirstBestIsAcceptedSilently() {
        Hysteresis.Step step = Hysteresis.startingFrom(null).next("gpt-4.1-mini", K);

        assertThat(step.changed()).isFalse();
        assertThat(step.state().accepted()).isEqualTo("gpt-4.1-mini");
    }

    @Test
    void withKOfOneAChangeIsAcceptedAtOnce() {
        Hysteresis.Step step = Hysteresis.startingFrom("gpt-4.1").next("gpt-4.1-mini", 1);

        assertThat(step.changed()).isTrue();
        assertThat(step.state().accepted()).isEqualTo("gpt-4.1-mini");
    }
}
