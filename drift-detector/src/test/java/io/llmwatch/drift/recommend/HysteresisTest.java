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
        Hysteresis.Step first = start.next("gpt-4.1-mini", true, K);
        Hysteresis.Step second = first.state().next("gpt-4.1-mini", true, K);

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

        assertThat(pending.next("gpt-4.1", true, K).state()).isEqualTo(new Hysteresis("gpt-4.1", null, 0));
        assertThat(pending.next(null, true, K).state()).isEqualTo(new Hysteresis("gpt-4.1", null, 0));
        Hysteresis.Step other = pending.next("claude-haiku", true, K);
        assertThat(other.changed()).isFalse();
        assertThat(other.state()).isEqualTo(new Hysteresis("gpt-4.1", "claude-haiku", 1));
    }

    @Test
    void anAcceptedModelThatIsNoLongerEligibleIsReplacedAtOnce() {
        // Given gpt-4.1-mini accepted, with gpt-4.1-nano pending
        Hysteresis accepted = new Hysteresis("gpt-4.1-mini", "gpt-4.1-nano", 1);

        // When a change alarm takes gpt-4.1-mini's eligibility away and the incumbent is best
        Hysteresis.Step step = accepted.next("gpt-4.1", false, K);

        // Then the fall-back does not wait for K windows
        assertThat(step.changed()).isTrue();
        assertThat(step.replacedModel()).isEqualTo("gpt-4.1-mini");
        assertThat(step.state()).isEqualTo(new Hysteresis("gpt-4.1", null, 0));
    }

    @Test
    void withoutAnIncumbentTheFirstBestIsAcceptedSilently() {
        Hysteresis.Step step = Hysteresis.startingFrom(null).next("gpt-4.1-mini", true, K);

        assertThat(step.changed()).isFalse();
        assertThat(step.state().accepted()).isEqualTo("gpt-4.1-mini");
    }

    @Test
    void withKOfOneAChangeIsAcceptedAtOnce() {
        Hysteresis.Step step = Hysteresis.startingFrom("gpt-4.1").next("gpt-4.1-mini", true, 1);

        assertThat(step.changed()).isTrue();
        assertThat(step.state().accepted()).isEqualTo("gpt-4.1-mini");
    }
}
