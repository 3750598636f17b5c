package io.llmwatch.scorer.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffIsFullJitterUnderAGrowingCappedCeiling() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(1));
        assertThat(policy.backoff(1, 0.999)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(2, 0.999)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(3, 0.999)).isEqualTo(Duration.ofMillis(300));
        assertThat(policy.backoff(9, 0.5)).isEqualTo(Duration.ofMillis(150));
        assertThat(policy.backoff(3, 0.0)).isEqualTo(Duration.ZERO);
    }
}
