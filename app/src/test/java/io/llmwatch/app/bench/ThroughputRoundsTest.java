package io.llmwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.app.bench.ThroughputRounds.Result;
import io.llmwatch.app.run.ProcessFigures;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-JVM throughput rounds of {@code llmwatch bench}: the count the steady rate reads sums every
 * instance of a round; each round of the baseline and of the scorer has a steady rate ({@link
 * SteadyRate}), printed next to calls/s with its ratio, and written to {@code --out}.
 */
class ThroughputRoundsTest {

    /**
     * Enough that a round cannot be over before it begins: an instance processes for a moment before
     * Kafka Streams reports it running (600 ms, all of 5,000 calls, in one run), and the steady part
     * is measured from when all run.
     */
    private static final int CALLS = 60_000;
    private static final int PARTITIONS = 2;

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().partitions(PARTITIONS).start();
        kafka.createTopics(List.of(ThroughputRounds.BASELINE_COUNTS), PARTITIONS);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)  // a round waits for every call; a bug would make it wait forever
    void everyInJvmRoundHasASteadyRatePrintedAndWritten() throws Exception {
        // Given the bench's calls, and rounds of one stream thread per instance
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ThroughputRounds rounds = new ThroughputRounds(new PrintStream(printed, true, StandardCharsets.UTF_8), CALLS, 7, 2, Map.of());
        Result produced = rounds.produce(kafka.bootstrapServers());

        // When the bench times a round of two instances
        LocalInstances twoInstances = new LocalInstances("llmwatch-bench-test-steady-two", ThroughputRounds::baseline, 2,
                Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"), kafka.bootstrapServers(), stateDir);
        rounds.consume("two instances", "llmwatch-bench-test-steady-two", twoInstances, kafka.bootstrapServers());
        // Then the count the steady rate reads is the round's input calls, each once, summed over the two
        // (their steady rate may be unmeasurable here: the first to run can finish a short round before
        // the second has joined, and the round begins when both run)
        assertThat(twoInstances.processedCalls()).isEqualTo(CALLS);

        // When the bench times a baseline and a scorer round (as both the cold and the warm ones)
        LocalInstances baselineInstances = new LocalInstances("llmwatch-bench-test-steady-baseline", ThroughputRounds::baseline, 1,
                Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"), kafka.bootstrapServers(), stateDir);
        Result baseline = rounds.consume("baseline", "llmwatch-bench-test-steady-baseline", baselineInstances, kafka.bootstrapServers());
        LocalInstances scorerInstances = new LocalInstances("llmwatch-bench-test-steady-scorer", ThroughputRounds::scorer, 1,
                Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"), kafka.bootstrapServers(), stateDir);
        Result scorer = rounds.consume("scorer", "llmwatch-bench-test-steady-scorer", scorerInstances, kafka.bootstrapServers());
        List<Result> results = List.of(produced, baseline, scorer, baseline, scorer);
        ThroughputRounds.Ratios ratios = ThroughputRounds.ratios(results);
        rounds.print(results, ratios, ProcessFigures.now());
        System.out.print(printed.toString(StandardCharsets.UTF_8));

        // Then each counts the round's input calls once, and has a steady rate, and the steady ratio is theirs
        assertThat(baselineInstances.processedCalls()).isEqualTo(CALLS);
        assertThat(scorerInstances.processedCalls()).isEqualTo(CALLS);
        assertThat(baseline.steadyCallsPerSecond()).isPositive();
        assertThat(scorer.steadyCallsPerSecond()).isPositive();
        assertThat(produced.steadyCallsPerSecond()).isNull();
        assertThat(ratios.steadyWarm()).isEqualTo(scorer.steadyCallsPerSecond() / baseline.steadyCallsPerSecond());
        // printed next to calls/s, with the second ratio line
        String table = printed.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("steady/s").containsPattern("steady ratio scorer / baseline: \\d+\\.\\d\\d warm, \\d+\\.\\d\\d cold");
        // and recorded with the round's row, as --out writes it
        JsonNode row = Json.mapper().valueToTree(scorer);
        assertThat(row.get("steady_calls_per_second").asDouble()).isPositive();

        // And the scorer round's calls store takes, per call, what LZ4-compressed RocksDB files and a
        // compressed changelog do (uncompressed, the files were 715-721 bytes a call: CallStoreDiskTest)
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ScorerDisk disk = ScorerDisk.of(admin, "llmwatch-bench-test-steady-scorer", stateDir, CALLS);
            assertThat(disk.stateBytesPerCall()).isBetween(100.0, 600.0);
            assertThat(disk.changelogBytesPerCall()).isBetween(50.0, 600.0);
        }

        // When the same rounds are summarised as two warm rounds (--warm-rounds 2)
        printed.reset();
        WarmRounds warm = WarmRounds.of(List.of(produced, baseline, scorer, baseline, scorer, baseline, scorer), List.of());
        rounds.printWarmRounds(warm);
        // Then each figure is printed as its median and range, and --out gets it too
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("warm rounds: 2 of each topology")
                .containsPattern("ratio scorer / baseline \\d+\\.\\d\\d \\(\\d+\\.\\d\\d–\\d+\\.\\d\\d\\), steady \\d");
        assertThat(Json.mapper().valueToTree(warm).at("/ratio/median").asDouble()).isEqualTo(ratios.warm());
    }
}
