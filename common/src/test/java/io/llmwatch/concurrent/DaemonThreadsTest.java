package io.llmwatch.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void threadsAreDaemonsNamedOrNumbered() {
        ThreadFactory numbered = DaemonThreads.numbered("pool-");
        Thread first = numbered.newThread(() -> { });
        Thread second = numbered.newThread(() -> { });
        Thread named = DaemonThreads.named("timer").newThread(() -> { });

        assertThat(first.isDaemon()).isTrue();
        assertThat(named.isDaemon()).isTrue();
        assertThat(first.getName()).isEqualTo("pool-1");
        assertThat(second.getName()).isEqualTo("pool-2");
        assertThat(named.getName()).isEqualTo("timer");
    }
}
