package io.llmwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --jvms}: the scorer's instances in child JVMs of their own count every call once,
 * timed by the bench's own round, and no child outlives its pool.
 */
class ChildJvmsTest {

    private static final int CALLS = 2_000;
    private static final int PARTITIONS = 4;

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().partitions(PARTITIONS).start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)  // the round waits for every call; a bug would make it wait forever
    void twoChildJvmsScoreEveryCallOnceProfileTheirInstancesAndNoneOutlivesThePool() throws Exception {
        ThroughputRounds bench = new ThroughputRounds(System.out, CALLS, 7, 1, Map.of());
        List<Process> children;
        ThroughputRounds.Result result;
        ChildJvms.Round round;
        try (ChildJvms jvms = ChildJvms.start(2, kafka.bootstrapServers(), stateDir)) {
            children = jvms.processes();
            // Given the bench's calls on 4 partitions (published while the children start)
            bench.produce(kafka.bootstrapServers());

            // When the bench times a round of two scorer instances, each in a child JVM
            round = jvms.round("llmwatch-bench-test-jvms").profiled();
            result = bench.consume("2 JVMs", "llmwatch-bench-test-jvms", round, kafka.bootstrapServers());
            assertThat(children).allMatch(Process::isAlive);
        }

        // Then every call is scored exactly once and none was dropped; the children did the work, in their CPU
        try (TopicReader<LlmCall> calls = new TopicReader<>(kafka.bootstrapServers(), Topics.CALLS);
             TopicReader<ScoredCall> scored = new TopicReader<>(kafka.bootstrapServers(), Topics.SCORED)) {
            List<String> sent = calls.readToEnd(Duration.ofSeconds(30)).stream().map(LlmCall::callId).toList();
            List<String> counted = scored.readToEnd(Duration.ofSeconds(30)).stream().map(ScoredCall::callId).toList();
            assertThat(sent).hasSize(CALLS);
            assertThat(counted).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
        }
        assertThat(result.calls()).isEqualTo(CALLS);
        assertThat(result.droppedRecords()).isZero();
        assertThat(result.cpuMicrosPerCall()).isPositive();
        // the count the steady rate reads, which the children said unasked, is the round's input calls, each once
        // (the rate itself may be unmeasurable in a round this short: one that is over before both instances run)
        assertThat(round.processedCalls()).isEqualTo(CALLS);
        // each child profiled its own instance and said so: its threads' CPU and allocation per stage, as the bench prints its own
        assertThat(round.profiles()).hasSize(2).allSatisfy(profile -> assertThat(String.join("\n", profile))
                .contains("CPU and allocation per stage (JFR execution and allocation samples of llmwatch-bench-test-jvms's threads")
                .containsPattern("(?m)deserialize \\(JSON\\) +\\d+\\.\\d % +\\d+\\.\\d +[1-9][\\d,]*$"));
        // and the children are gone, having stopped by themselves once their input closed
        for (Process child : children) {
            assertThat(child.waitFor(1, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
        }
        assertThat(children).noneMatch(child -> ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false));
    }
}
