package io.llmwatch.scorer.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.PipelineConfig;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.streams.StreamsConfigs;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The combiner alone: contributions in, partials out, its store in between. Counts per window are
 * exact, quality deltas of −1/+1 cancel, a tick forwards every partial and empties the store, and a
 * partial about to outgrow its dimension bound is forwarded first.
 */
class StatsCombinerTest {

    private static final PipelineConfig PIPELINE = PipelineConfig.DEFAULT;
    private static final Duration TICK = LiveStatsProcessor.tick(PIPELINE.publishInterval());
    private static final String MODEL = "shop/summarize/gpt-4.1";
    private static final String OTHER = "shop/summarize/gpt-4.1-mini";
    private static final Instant W1 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant W2 = W1.plus(Duration.ofMinutes(1));

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, StatsContribution> contributions;
    private final TestOutputTopic<String, StatsPartial> partials;

    StatsCombinerTest() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("contributions", Consumed.with(Serdes.String(), new StatsContributionSerde()))
                .process(StatsCombiner.supplier(PIPELINE), Named.as("combine"))
                .to("partials", Produced.with(Serdes.String(), new StatsPartialSerde()));
        driver = new TopologyTestDriver(builder.build(), StreamsConfigs.base("combiner-test",
                KafkaClientSettings.of("unused:9092"), Files.createTempDirectory("combiner-")), W2.plusSeconds(600));
        contributions = driver.createInputTopic("contributions", Serdes.String().serializer(),
                new StatsContributionSerde().serializer());
        partials = driver.createOutputTopic("partials", Serdes.String().deserializer(), new StatsPartialSerde().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void a_tick_forwards_one_partial_per_model_and_window_then_nothing_until_more_arrives() {
        // Given 30 calls of one model in two windows and 10 of another, within one tick
        for (int i = 0; i < 20; i++) {
            contributions.pipeInput(MODEL, newCall(i * 100.0), W1.plusSeconds(i));
        }
        for (int i = 0; i < 10; i++) {
            contributions.pipeInput(MODEL, newCall(50.0), W2.plusSeconds(i));
            contributions.pipeInput(OTHER, newCall(70.0), W1.plusSeconds(30 + i));
        }
        assertThat(partials.isEmpty()).isTrue();
        assertThat(store().approximateNumEntries()).isEqualTo(3);

        // When a tick passes
        driver.advanceWallClockTime(TICK);

        // Then one partial per model and window, in window order, stamped with its newest event time,
        // and the store is empty
        List<TestRecord<String, StatsPartial>> forwarded = partials.readRecordsToList();
        assertThat(forwarded).extracting(r -> r.key() + " " + r.getRecordTime() + " " + r.value().stats().calls)
                .containsExactly(MODEL + " " + W1.plusSeconds(19) + " 20", OTHER + " " + W1.plusSeconds(39) + " 10",
                        MODEL + " " + W2.plusSeconds(9) + " 10");
        assertThat(forwarded.get(0).value().stats().latency.total()).isEqualTo(20);
        assertThat(store().approximateNumEntries()).isZero();

        // and nothing more at the next tick
        driver.advanceWallClockTime(TICK);
        assertThat(partials.isEmpty()).isTrue();
    }

    @Test
    void quality_deltas_of_late_evaluations_combine_with_the_calls_they_change() {
        // Given two calls with quality 0.8, one regraded to 0.5, the other's grade withdrawn, and a third graded late
        contributions.pipeInput(MODEL, graded(0.8), W1.plusSeconds(1));
        contributions.pipeInput(MODEL, graded(0.8), W1.plusSeconds(2));
        contributions.pipeInput(MODEL, StatsContribution.qualityChange(0.8, 0.5), W1.plusSeconds(1));
        contributions.pipeInput(MODEL, StatsContribution.qualityChange(0.8, null), W1.plusSeconds(2));
        contributions.pipeInput(MODEL, newCall(100.0), W1.plusSeconds(3));
        contributions.pipeInput(MODEL, StatsContribution.qualityChange(null, 0.9), W1.plusSeconds(3));

        // When a tick passes
        driver.advanceWallClockTime(TICK);

        // Then one partial: 3 calls, 2 graded, mean 0.7
        StatsPartial partial = partials.readValue();
        ModelStats stats = partial.stats().toModelStats(ModelKey.parse(MODEL), new TimeWindow(W1, W2), true);
        assertThat(stats.calls()).isEqualTo(3);
        assertThat(stats.qualityN()).isEqualTo(2);
        assertThat(stats.qualityMean()).isCloseTo(0.7, within(1e-12));
        assertThat(partials.isEmpty()).isTrue();
    }

    @Test
    void a_partial_about_to_outgrow_its_dimension_bound_is_forwarded_first() {
        // Given contributions naming 5 new dimensions each, more than a partial keeps in all
        int per = 5;
        int contributionsSent = StatsCombiner.MAX_PARTIAL_DIMENSIONS / per + 1;
        for (int i = 0; i < contributionsSent; i++) {
            Map<String, StatsContribution.Delta> dimensions = new HashMap<>();
            for (int d = 0; d < per; d++) {
                dimensions.put("d" + (i * per + d), new StatsContribution.Delta(0.5, 1));
            }
            contributions.pipeInput(MODEL, new StatsContribution(0, 0, 0, 0, 0, 0, 0, null, 0, 0, dimensions), W1);
        }

        // Then the partial was forwarded before it would have outgrown its bound, and the rest at the tick
        driver.advanceWallClockTime(TICK);
        List<StatsPartial> forwarded = partials.readValuesToList();
        assertThat(forwarded).hasSize(2);
        assertThat(forwarded.get(0).stats().dimensions).hasSizeLessThanOrEqualTo(StatsCombiner.MAX_PARTIAL_DIMENSIONS);
        assertThat(forwarded.stream().mapToInt(p -> p.stats().dimensions.size()).sum()).isEqualTo(contributionsSent * per);
    }

    private KeyValueStore<String, StatsPartial> store() {
        return driver.getKeyValueStore(StatsCombiner.PARTIALS_STORE);
    }

    private static StatsContribution graded(double quality) {
        return new StatsContribution(1, 0, 1, 0, 0.01, 100, 20, 100.0, quality, 1);
    }

    private static StatsContribution newCall(double latencyMs) {
        return new StatsContribution(1, 0, 1, 0, 0.01, 100, 20, latencyMs, 0, 0);
    }
}
