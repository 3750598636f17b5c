package io.llmwatch.drift.recommend;

import static io.llmwatch.drift.StatsBuilder.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.ModelStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelFiguresTest {

    @Test
    void windowsMergeIntoWeightedFigures() {
        // Given two windows of one model, the first partly unpriced
        ModelStats first = model("m").calls(100).errors(10).quality(0.90, 50).p95(800).in(0);
        ModelStats firstPartlyPriced = new ModelStats(null, first.app(), first.taskType(), "m", first.window(), 100, 10,
                60, 40, 0.12, 0.002, 0, 0, null, 800.0, 0.90, 50, null);
        ModelStats second = model("m").calls(300).cost(0.004).quality(0.80, 150).p95(1200).in(1);

        // When they are merged
        ModelFigures figures = ModelFigures.merge("m", List.of(firstPartlyPriced, second));

        // Then counts add up, quality is weighted by scored calls, cost covers priced calls only
        assertThat(figures.calls()).isEqualTo(400);
        assertThat(figures.errorRate()).isCloseTo(10.0 / 400, within(1e-12));
        assertThat(figures.qualityN()).isEqualTo(200);
        assertThat(figures.qualityMean()).isCloseTo((0.90 * 50 + 0.80 * 150) / 200, within(1e-12));
        assertThat(figures.costPerCall()).isCloseTo((0.12 + 1.2) / 360, within(1e-12));
        // without histograms, the slowest window's p95 stands
        assertThat(figures.latencyP95Ms()).isEqualTo(1200.0);
    }

    @Test
    void latencyHistogramsAreMergedWhenEveryWindowHasOne() {
        LatencyHistogram fast = new LatencyHistogram();
        LatencyHistogram slow = new LatencyHistogram();
        for (int i = 0; i < 95; i++) {
            fast.add(100);
        }
        for (int i = 0; i < 5; i++) {
            slow.add(5000);
        }
        ModelStats a = withLatency(model("m").calls(95).p95(100).in(0), fast);
        ModelStats b = withLatency(model("m").calls(5).p95(5000).in(1), slow);

        ModelFigures figures = ModelFigures.merge("m", List.of(a, b));

        // the 95th of 100 latencies is a fast one, though one window's own p95 was 5 s
        assertThat(figures.latencyP95Ms()).isCloseTo(100, within(5.0));
    }

    @Test
    void aModelWithoutPricedCallsHasNoCost() {
        ModelFigures figures = ModelFigures.merge("m", List.of(model("m").quality(0.9, 100).in(0)));

        assertThat(figures.priced()).isFalse();
        assertThat(figures.costPerCall()).isNull();
    }

    private static ModelStats withLatency(ModelStats s, LatencyHistogram histogram) {
        return new ModelStats(null, s.app(), s.taskType(), s.model(), s.window(), s.calls(), s.errors(), s.pricedCalls(),
                s.unpricedCalls(), s.costSum(), s.costMean(), s.inputTokens(), s.outputTokens(), s.latencyP50Ms(),
                s.latencyP95Ms(), s.qualityMean(), s.qualityN(), histogram);
    }
}
