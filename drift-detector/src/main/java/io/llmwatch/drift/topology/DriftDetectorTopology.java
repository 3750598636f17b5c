package io.llmwatch.drift.topology;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.ModelStats;
import io.llmwatch.json.JsonSerde;
import io.llmwatch.streams.ControlTable;
import io.llmwatch.streams.TopicStreams;
import io.llmwatch.topic.Topics;
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
 * The drift detector's topology (DESIGN §5): final per-window {@link ModelStats} and the latest
 * paired {@link Comparison} of every candidate in, the optimal model of every task out, as a {@code Recommendation} per decided window on
 * {@link Topics#RECOMMENDATIONS} and an {@code OPTIMAL_MODEL_CHANGED} alert on {@link Topics#ALERTS}
 * when a new optimum has held for {@code pipeline.hysteresis_windows} windows.
 *
 * <p>Statistics and comparisons are re-keyed by {@code app/task} and travel through one repartition
 * topic, so that one processor sees every model and candidate of a task; its state (the windows of the horizon and the accepted optimum) lives in a persistent,
 * changelogged store, so a restart neither forgets the optimum nor repeats an alert. Task settings
 * (margin, limits, incumbent) are read from {@code llmwatch.control} at each decision.
 */
public final class DriftDetectorTopology {

    /** The persistent store of per-task state. */
    public static final String STORE = "drift-optimum-state";

    private DriftDetectorTopology() {
    }

    /** Builds the topology; pure, no I/O. */
    public static Topology build(LlmwatchConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        ControlTable.addTo(builder);
        KStream<String, DetectorInput> stats = builder
                .stream(Topics.MODEL_STATS.name(), TopicStreams.consumed(Topics.MODEL_STATS).withName("model-stats-source"))
                .filter((key, value) -> complete(value), Named.as("model-stats-complete"))
                .map((key, value) -> KeyValue.pair(value.key().task().toString(), DetectorInput.of(value)),
                        Named.as("model-stats-by-task-key"));
        KStream<String, DetectorInput> comparisons = builder
                .stream(Topics.COMPARISONS.name(), TopicStreams.consumed(Topics.COMPARISONS).withName("comparisons-source"))
                .filter((key, value) -> complete(value), Named.as("comparisons-complete"))
                .map((key, value) -> KeyValue.pair(value.key().task().toString(), DetectorInput.of(value)),
                        Named.as("comparisons-by-task-key"));
        stats.merge(comparisons, Named.as("detector-inputs"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(DetectorInput.class))
                        .withName("detector-inputs-by-task"))
                .process(new OptimumSupplier(config), Named.as("optimum"))
                .split(Named.as("decision-"))
                .branch((key, decision) -> decision.isAlert(), Branched.withConsumer(alerts -> alerts
                        .mapValues(Decision::alert, Named.as("alert-value"))
                        .to(Topics.ALERTS.name(), TopicStreams.produced(Topics.ALERTS)), "alert"))
                .defaultBranch(Branched.withConsumer(recommendations -> recommendations
                        .mapValues(Decision::recommendation, Named.as("recommendation-value"))
                        .to(Topics.RECOMMENDATIONS.name(), TopicStreams.produced(Topics.RECOMMENDATIONS)),
                        "recommendation"));
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
