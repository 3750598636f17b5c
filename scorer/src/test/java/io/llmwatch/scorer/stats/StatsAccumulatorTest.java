package io.llmwatch.scorer.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.Cost;
import io.llmwatch.event.DimensionStats;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Scores;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.event.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsAccumulatorTest {

    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");
    private static final ModelKey KEY = new ModelKey("shop", "summarize", "meta-llama/Llama-3-8b");
    private static final TimeWindow WINDOW = new TimeWindow(T, T.plusSeconds(60));

    @Test
    void a_new_call_contributes_everything_and_a_quality_change_only_the_difference() {
        StatsAccumulator acc = new StatsAccumulator()
                .add(StatsContribution.newCall(scored(0.8, Cost.local(0.02, "test"), 300.0)))
                .add(StatsContribution.newCall(scored(null, Cost.unknown("unknown model"), null)))
                .add(StatsContribution.qualityChange(null, 0.4))
                .add(StatsContribution.qualityChange(0.8, 0.6));

        ModelStats stats = acc.toModelStats(KEY, WINDOW, false);

        assertThat(stats.calls()).isEqualTo(2);
        assertThat(stats.pricedCalls()).isEqualTo(1);
        assertThat(stats.unpricedCalls()).isEqualTo(1);
        assertThat(stats.costMean()).isCloseTo(0.02, within(1e-12));
        assertThat(stats.qualityN()).isEqualTo(2);
        assertThat(stats.qualityMean()).isCloseTo((0.6 + 0.4) / 2, within(1e-9));
        assertThat(stats.latency().total()).isEqualTo(1);
        assertThat(stats.inputTokens()).isEqualTo(2_000);
        assertThat(stats.model()).isEqualTo("meta-llama/Llama-3-8b");
    }

    @Test
    void an_unchanged_quality_contributes_nothing() {
        assertThat(StatsContribution.qualityChange(0.5, 0.5)).isNull();
        assertThat(StatsContribution.qualityChange(null, null)).isNull();
    }

    @Test
    void without_priced_calls_the_cost_mean_is_absent_not_zero() {
        ModelStats stats = new StatsAccumulator()
                .add(StatsContribution.newCall(scored(0.5, Cost.unknown("unknown model"), 100.0)))
                .toModelStats(KEY, WINDOW, false);

        assertThat(stats.costMean()).isNull();
        assertThat(stats.costSum()).isZero();
    }

    @Test
    void the_binary_form_round_trips() {
        StatsAccumulator acc = new StatsAccumulator();
        for (int i = 1; i <= 50; i++) {
            acc.add(StatsContribution.newCall(scored(i / 50.0, Cost.local(0.001 * i, "test"), i * 37.0)));
        }
        StatsAccumulatorSerde serde = new StatsAccumulatorSerde();

        StatsAccumulator copy = serde.deserializer().deserialize("t", serde.serializer().serialize("t", acc));

        assertThat(copy.toModelStats(KEY, WINDOW, false)).usingRecursiveComparison().isEqualTo(acc.toModelStats(KEY, WINDOW, false));
    }

    @Test
    void a_contribution_round_trips_through_its_binary_form() {
        StatsContributionSerde serde = new StatsContributionSerde();
        for (StatsContribution contribution : new StatsContribution[] {
                StatsContribution.newCall(scored(0.8, Cost.local(0.02, "test"), 300.0)),
                StatsContribution.newCall(scored(null, Cost.unknown("unknown model"), null)),
                StatsContribution.qualityChange(0.8, 0.6),
                StatsContribution.newCall(withDimensions(Map.of("tone", 0.5, "stat_validity", 0.25))),
                StatsContribution.scoresChange(Scores.none(), new Scores(1.0, null, null, null, 0.9, Map.of("tone", 0.4)))}) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", contribution)))
                    .isEqualTo(contribution);
        }
    }

    private static ScoredCall scored(Double quality, Cost cost, Double latencyMs) {
        return new ScoredCall(ScoredCall.SCHEMA, "c", T, KEY.app(), KEY.taskType(), "prod", null, null, "openai",
                KEY.model(), KEY.model(), "stop", Usage.of(1_000, 100), latencyMs, null, cost, null,
                new Scores(null, null, null, null, quality, Map.of()), Map.of());
    }

    @Test
    void dimensions_sum_with_late_changes_and_round_trip() {
        Scores before = new Scores(1.0, 1.0, null, null, 0.8, Map.of("tone", 0.2));
        Scores after = new Scores(1.0, 1.0, null, null, 0.9, Map.of("tone", 0.6, "groundedness", 1.0));
        StatsAccumulator acc = new StatsAccumulator()
                .add(StatsContribution.newCall(withScores(before)))
                .add(StatsContribution.newCall(withScores(new Scores(0.0, 1.0, null, null, 0.5, Map.of()))))
                .add(StatsContribution.scoresChange(before, after));

        ModelStats stats = acc.toModelStats(KEY, WINDOW, true);

        assertThat(stats.dimensions().get("correctness")).isEqualTo(new DimensionStats(0.5, 2));
        assertThat(stats.dimensions().get("format")).isEqualTo(new DimensionStats(1.0, 2));
        assertThat(stats.dimensions().get("tone").mean()).isCloseTo(0.6, within(1e-12));
        assertThat(stats.dimensions().get("tone").n()).isEqualTo(1);
        assertThat(stats.dimensions().get("groundedness")).isEqualTo(new DimensionStats(1.0, 1));
        StatsAccumulatorSerde serde = new StatsAccumulatorSerde();
        StatsAccumulator copy = serde.deserializer().deserialize("t", serde.serializer().serialize("t", acc));
        assertThat(copy.toModelStats(KEY, WINDOW, true)).usingRecursiveComparison().isEqualTo(stats);
    }

    @Test
    void a_partial_keeps_every_dimension_and_a_window_at_most_sixteen_the_first_seen() {
        Map<String, Double> many = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) {
            many.put("d" + i, 0.5);
        }
        StatsAccumulator partial = new StatsAccumulator().add(StatsContribution.newCall(withDimensions(many)));
        StatsAccumulator window = new StatsAccumulator().merge(partial);

        assertThat(partial.toModelStats(KEY, WINDOW, true).dimensions()).hasSize(40);
        assertThat(window.toModelStats(KEY, WINDOW, true).dimensions().keySet())
                .containsExactlyElementsOf(partial.dimensions.keySet().stream().limit(DimensionStats.MAX_DIMENSIONS).toList());
    }

    @Test
    void merging_partials_equals_adding_their_contributions_one_by_one() {
        // Given contributions with latencies, costs, quality deltas of +1 and -1 and dimension changes
        Scores before = new Scores(1.0, 1.0, null, null, 0.8, Map.of("tone", 0.2));
        Scores after = new Scores(0.0, 1.0, null, null, 0.3, Map.of("tone", 0.6, "groundedness", 1.0));
        List<StatsContribution> contributions = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            contributions.add(StatsContribution.newCall(scored(i / 30.0, Cost.local(0.001 * i, "test"), i * 91.0)));
            contributions.add(StatsContribution.newCall(withScores(before)));
            contributions.add(StatsContribution.scoresChange(before, after));
            contributions.add(StatsContribution.qualityChange(0.3, null));
            contributions.add(StatsContribution.qualityChange(null, 0.7));
        }
        StatsAccumulator oneByOne = new StatsAccumulator();
        contributions.forEach(oneByOne::add);

        // When they are combined into partials of 7 and each partial merged into the window
        StatsAccumulator window = new StatsAccumulator();
        for (int from = 0; from < contributions.size(); from += 7) {
            StatsAccumulator partial = new StatsAccumulator();
            contributions.subList(from, Math.min(from + 7, contributions.size())).forEach(partial::add);
            window.merge(partial);
        }

        // Then the window's statistics are those of the contributions added one by one
        assertThat(window.toModelStats(KEY, WINDOW, true)).usingRecursiveComparison()
                .withComparatorForType((a, b) -> Math.abs(a - b) < 1e-9 ? 0 : Double.compare(a, b), Double.class)
                .isEqualTo(oneByOne.toModelStats(KEY, WINDOW, true));
        assertThat(window.toModelStats(KEY, WINDOW, true).latency().total()).isEqualTo(60);
    }

    @Test
    void a_partial_round_trips_and_a_contribution_of_the_per_call_format_reads_as_a_partial_of_one() {
        StatsAccumulator acc = new StatsAccumulator()
                .add(StatsContribution.newCall(withScores(new Scores(1.0, 1.0, null, null, 0.8, Map.of("tone", 0.2)))))
                .add(StatsContribution.qualityChange(0.8, 0.6));
        StatsPartialSerde serde = new StatsPartialSerde();

        StatsPartial copy = serde.deserializer().deserialize("t", serde.serializer().serialize("t", new StatsPartial(1234L, acc)));

        assertThat(copy.latest()).isEqualTo(1234L);
        assertThat(copy.stats().toModelStats(KEY, WINDOW, true)).usingRecursiveComparison()
                .isEqualTo(acc.toModelStats(KEY, WINDOW, true));

        StatsContribution contribution = StatsContribution.newCall(scored(0.8, Cost.local(0.02, "test"), 300.0));
        StatsPartial legacy = serde.deserializer().deserialize("t",
                new StatsContributionSerde().serializer().serialize("t", contribution));
        assertThat(legacy.stats().toModelStats(KEY, WINDOW, true)).usingRecursiveComparison()
                .isEqualTo(new StatsAccumulator().add(contribution).toModelStats(KEY, WINDOW, true));
    }

    private static ScoredCall withDimensions(Map<String, Double> extra) {
        return withScores(new Scores(null, null, null, null, null, extra));
    }

    private static ScoredCall withScores(Scores scores) {
        return new ScoredCall(ScoredCall.SCHEMA, "c", T, KEY.app(), KEY.taskType(), "prod", null, null, "openai",
                KEY.model(), KEY.model(), "stop", Usage.of(1_000, 100), 10.0, null, Cost.local(0.001, "test"), null,
                scores, Map.of());
    }
}
