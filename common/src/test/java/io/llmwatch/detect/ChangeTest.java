package io.llmwatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The small value types of a detected change. */
class ChangeTest {

    @Test
    void theDirectionFollowsFromBeforeAndAfter() {
        assertThat(ChangeDirection.of(0.5, 0.7)).isEqualTo(ChangeDirection.UP);
        assertThat(ChangeDirection.of(0.7, 0.5)).isEqualTo(ChangeDirection.DOWN);
        assertThat(Change.between(0.82, 0.71)).isEqualTo(new Change(ChangeDirection.DOWN, 0.82, 0.71));
        assertThat(Change.between(0.2, 0.8).size()).isEqualTo(0.6000000000000001);
    }
}
