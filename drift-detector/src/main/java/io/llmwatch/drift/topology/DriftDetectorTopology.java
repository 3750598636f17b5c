package io.llmwatch.drift.topology;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.drift.lifecycle.AlertLifecycle;
import io.llmwatch.drift.watch.CandidateWatchProcessor;
import io.llmwatch.drift.watch.CriticalDimensionWatchProcessor;
import io.llmwatch.drift.watch.ModelWatchProcessor;
import io.llmwatch.drift.watch.SpiralProcessor;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.TaskKey;
import io.llmwatch.json.JsonSerde;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.streams.ControlTable;
import io.llmwatch.streams.TopicStreams;
import io.llmwatch.topic.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The drift detector's topology (docs/architecture.md §6).
 *
 * <pre>
 * llmwatch.model-stats, llmwatch.comparisons → by app/task → repartition (detector-inputs-by-task)
 *   ├→ optimum: a Recommendation per decided window → llmwatch.recommendations; OPTIMAL_MODEL_CHANGED ─┐
 *   ├→ watch-models: quality, cost, p95 latency, error rate, prices of each model ─── drafts ───────────┤
 *   ├→ watch-candidates: each comparison's fall alarms ───────────────────────────── drafts ───────────┤
 *   └→ watch-critical-dimensions: each candidate's critical dimensions ───────────── drafts ───────────┤
 * llmwatch.scored (calls with a trace or session) → by app/task → repartition (scored-by-task)          │
 *   └→ watch-token-spirals ──────────────────────────────────────────────────────── drafts ───────────┤
 * all drafts → repartition by app/task (alert-drafts-by-task) → alert-lifecycle ←───────────────────────┘
 *   → llmwatch.alerts (keyed alert_id) → webhooks, by AlertDelivery after the transaction committed
 * </pre>
 *
 * <p>{@code llmwatch.model-stats} carries every window as it fills; the detector reads only closed
 * windows ({@code open} false: stream time has passed the window's end plus {@code pipeline.grace}).
 * A window republished after it closed (a late grade, a call of a lagging partition) reaches the
 * optimum while its window is still being collected and is ignored by the watchers after that
 * (see {@code docs/live-numbers.md}).
 *
 * <p>The optimum: final per-window {@link ModelStats} and the latest paired {@link Comparison} of
 * every candidate in, the optimal model of every task out, with an {@code OPTIMAL_MODEL_CHANGED}
 * alert when a new optimum has held for {@code pipeline.hysteresis_windows} windows. Statistics and
 * comparisons are re-keyed by {@code app/task} and travel through one repartition topic, so that one
 * processor sees every model and candidate of a task; its state (the windows of the horizon and the
 * accepted optimum) lives in a persistent, changelogged store, so a restart neither forgets the
 * optimum nor repeats an alert. Task settings (margin, limits, incumbent) are read from
 * {@code llmwatch.control} at each decision.
 *
 * <p>The watchers ({@code io.llmwatch.drift.watch}) turn the same inputs, and the scored calls of
 * agent runs, into alert drafts: {@code firing} while a condition holds, {@code resolved} when it
 * clears. The alert lifecycle ({@code io.llmwatch.drift.lifecycle}) decides what is sent: once per
 * condition, again only after {@code alerts.cooldown}, and its resolution; the optimum's alerts pass
 * through it too. Every store is persistent and changelogged.
 */
public final class DriftDetectorTopology {

    /** The persistent store of per-task state. */
    public static final String STORE = "drift-optimum-state";

    private DriftDetectorTopology() {
    }

    /**
     * Builds the topology with the configured price catalog ({@code prices.catalog}, read once here).
     */
    public static Topology build(LlmwatchConfig config) {
        return build(config, PriceCatalog.from(config.prices()));
    }

    /**
     * Builds the topology; pure, no I/O.
     *
     * Alerts go to {@code llmwatch.alerts} only: webhooks are fed from there, after the transaction
     * committed ({@link io.llmwatch.drift.sink.AlertDelivery}).
     *
     * @param catalog the price catalog the scorer prices with, for {@code PRICE_UNKNOWN_OR_STALE}
     */
    public static Topology build(LlmwatchConfig config, PriceCatalog catalog) {
        StreamsBuilder builder = new StreamsBuilder();
        ControlTable.addTo(builder);
        KStream<String, DetectorInput> stats = builder
                .stream(Topics.MODEL_STATS.name(), TopicStreams.consumed(Topics.MODEL_STATS).withName("model-stats-source"))
                .filter((key, value) -> complete(value) && !value.open(), Named.as("model-stats-closed"))
                .map((key, value) -> KeyValue.pair(value.key().task().toString(), DetectorInput.of(value)),
                        Named.as("model-stats-by-task-key"));
        KStream<String, DetectorInput> comparisons = builder
                .stream(Topics.COMPARISONS.name(), TopicStreams.consumed(Topics.COMPARISONS).withName("comparisons-source"))
                .filter((key, value) -> complete(value), Named.as("comparisons-complete"))
                .map((key, value) -> KeyValue.pair(value.key().task().toString(), DetectorInput.of(value)),
                        Named.as("comparisons-by-task-key"));
        KStream<String, DetectorInput> inputs = stats.merge(comparisons, Named.as("detector-inputs"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(DetectorInput.class))
                        .withName("detector-inputs-by-task"));
        Map<String, KStream<String, Decision>> decisions = inputs
                .process(new OptimumSupplier(config), Named.as("optimum"))
                .split(Named.as("decision-"))
                .branch((key, decision) -> decision.isAlert(), Branched.as("alert"))
                .defaultBranch(Branched.withConsumer(recommendations -> recommendations
                        .mapValues(Decision::recommendation, Named.as("recommendation-value"))
                        .to(Topics.RECOMMENDATIONS.name(), TopicStreams.produced(Topics.RECOMMENDATIONS)),
                        "recommendation"));
        KStream<String, DriftAlert> optimumChanges = decisions.get("decision-alert")
                .mapValues(Decision::alert, Named.as("alert-value"))
                .selectKey((alertId, alert) -> new TaskKey(alert.app(), alert.taskType()).toString(),
                        Named.as("optimum-alert-by-task"));
        KStream<String, DriftAlert> modelDrafts = inputs
                .flatMapValues(input -> input.stats() == null ? List.of() : List.of(input.stats()), Named.as("watch-stats"))
                .process(ModelWatchProcessor.supplier(config, catalog), Named.as("watch-models"));
        KStream<String, DriftAlert> candidateDrafts = inputs
                .flatMapValues(input -> input.comparison() == null ? List.of() : List.of(input.comparison()),
                        Named.as("watch-comparisons"))
                .process(CandidateWatchProcessor.supplier(config), Named.as("watch-candidates"));
        KStream<String, DriftAlert> criticalDrafts = inputs
                .flatMapValues(input -> input.comparison() == null ? List.of() : List.of(input.comparison()),
                        Named.as("watch-critical-comparisons"))
                .process(() -> new CriticalDimensionWatchProcessor(config), Named.as("watch-critical-dimensions"));
        KStream<String, DriftAlert> spiralDrafts = builder
                .stream(Topics.SCORED.name(), TopicStreams.consumed(Topics.SCORED).withName("scored-source"))
                .filter((key, call) -> SpiralProcessor.watches(call), Named.as("scored-in-a-run"))
                .selectKey((callId, call) -> new TaskKey(call.app(), call.taskType()).toString(),
                        Named.as("scored-by-task-key"))
                .repartition(Repartitioned.with(Serdes.String(), Topics.SCORED.valueSerde()).withName("scored-by-task"))
                .process(SpiralProcessor.supplier(config.alerts()), Named.as("watch-token-spirals"));
        KStream<String, DriftAlert> alerts = optimumChanges
                .merge(modelDrafts, Named.as("drafts-models"))
                .merge(candidateDrafts, Named.as("drafts-candidates"))
                .merge(criticalDrafts, Named.as("drafts-critical-dimensions"))
                .merge(spiralDrafts, Named.as("drafts-spirals"))
                .repartition(Repartitioned.with(Serdes.String(), Topics.ALERTS.valueSerde()).withName("alert-drafts-by-task"))
                .process(AlertLifecycle.supplier(config), Named.as("alert-lifecycle"));
        alerts.to(Topics.ALERTS.name(), TopicStreams.produced(Topics.ALERTS).withName("alerts-sink"));
        return builder.build();
    }

    /** A tombstone or a record without its identifying fields cannot be placed in a task's window. */
    private static boolean complete(ModelStats stats) {
        return stats != null && stats.app() != null && stats.taskType() != null && stats.model() != null
                && stats.window() != null && stats.window().start() != null && stats.window().end() != null;
    }

    private static boolean complete(Comparison comparison) {
        return comparison != null && comparison.app() != null && comparison.taskType() != null
                && comparison.candidate() != null && comparison.incumbent() != null && comparison.updatedAt() != null;
    }

    private record OptimumSupplier(LlmwatchConfig config)
            implements ProcessorSupplier<String, DetectorInput, String, Decision> {

        @Override
        public OptimumProcessor get() {
            return new OptimumProcessor(config, STORE);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                    JsonSerde.of(TaskState.class)));
        }
    }
}
