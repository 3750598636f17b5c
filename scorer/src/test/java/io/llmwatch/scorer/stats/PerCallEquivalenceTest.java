package io.llmwatch.scorer.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.DimensionStats;
import io.llmwatch.event.ModelStats;
import io.llmwatch.scorer.ScorerDriver;
import io.llmwatch.topic.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given a seeded hostile stream ({@link HostileStatsStream}), when the scorer has worked it off, then
 * every window's final statistics equal those the per-call path (one contribution per call through
 * the repartition, before combining) published for the same stream: counts, tokens, the latency
 * histogram and dimension counts exactly, sums and means to 1e-9 (floating-point sums added in
 * another order). The expected records were written by that path (main at 416ccdb, with this test
 * and its stream as of commit 1c025e2, which could write them) into {@code per-call-model-stats-<seed>.txt}.
 */
class PerCallEquivalenceTest {

    private static final Serde<ModelStats> SERDE = Topics.MODEL_STATS.valueSerde();

    @ParameterizedTest
    @ValueSource(longs = {1})
    void combined_statistics_equal_the_per_call_ones(long seed) throws IOException {
        Map<String, ModelStats> actual = new LinkedHashMap<>();
        try (ScorerDriver scorer = new ScorerDriver()) {
            HostileStatsStream.send(scorer, seed, 200);
            for (int i = 0; i < 5; i++) {
                scorer.stats().forEach(kv -> actual.put(kv.key, kv.value));
            }
        }
        String golden = "per-call-model-stats-" + seed + ".txt";
        Map<String, ModelStats> expected = read(golden);

        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(expected).hasSizeGreaterThan(20);
        expected.forEach((key, want) -> same(key, actual.get(key), want));
    }

    private static void same(String key, ModelStats got, ModelStats want) {
        assertThat(got.window()).as(key).isEqualTo(want.window());
        assertThat(got.open()).as(key + " open").isEqualTo(want.open());
        assertThat(got.calls()).as(key + " calls").isEqualTo(want.calls());
        assertThat(got.errors()).as(key + " errors").isEqualTo(want.errors());
        assertThat(got.pricedCalls()).as(key + " priced").isEqualTo(want.pricedCalls());
        assertThat(got.unpricedCalls()).as(key + " unpriced").isEqualTo(want.unpricedCalls());
        assertThat(got.inputTokens()).as(key + " input tokens").isEqualTo(want.inputTokens());
        assertThat(got.outputTokens()).as(key + " output tokens").isEqualTo(want.outputTokens());
        assertThat(got.qualityN()).as(key + " quality n").isEqualTo(want.qualityN());
        assertThat(got.latency().counts()).as(key + " latency histogram").isEqualTo(want.latency().counts());
        assertThat(got.latencyP50Ms()).as(key + " p50").isEqualTo(want.latencyP50Ms());
        assertThat(got.latencyP95Ms()).as(key + " p95").isEqualTo(want.latencyP95Ms());
        assertThat(got.costSum()).as(key + " cost").isCloseTo(want.costSum(), within(1e-9));
        close(key + " cost mean", got.costMean(), want.costMean());
        close(key + " quality", got.qualityMean(), want.qualityMean());
        // Which names a full window keeps depends on the order a contribution lists its names in, which is
        // an immutable map's, salted per JVM: the per-call path itself keeps other names from run to run.
        // A name kept was kept from its first change on, so every kept name agrees.
        if (want.dimensions().size() < DimensionStats.MAX_DIMENSIONS) {
            assertThat(got.dimensions().keySet()).as(key + " dimensions")
                    .containsExactlyInAnyOrderElementsOf(want.dimensions().keySet());
        }
        want.dimensions().forEach((name, dimension) -> {
            DimensionStats actual = got.dimensions().get(name);
            if (actual != null) {
                assertThat(actual.n()).as(key + " " + name + " n").isEqualTo(dimension.n());
                close(key + " " + name, actual.mean(), dimension.mean());
            }
        });
    }

    private static void close(String what, Double got, Double want) {
        if (want == null) {
            assertThat(got).as(what).isNull();
        } else {
            assertThat(got).as(what).isCloseTo(want, within(1e-9));
        }
    }

    private static Map<String, ModelStats> read(String name) throws IOException {
        Map<String, ModelStats> stats = new LinkedHashMap<>();
        try (InputStream in = PerCallEquivalenceTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int tab = line.indexOf('\t');
                stats.put(line.substring(0, tab),
                        SERDE.deserializer().deserialize("", line.substring(tab + 1).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return stats;
    }
}
