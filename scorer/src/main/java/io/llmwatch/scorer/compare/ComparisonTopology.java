package io.llmwatch.scorer.compare;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.streams.TopicStreams;
import io.llmwatch.topic.Topics;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Paired comparison (docs/architecture.md §5): replay results in, one {@link Comparison} per
 * {@code app/task/candidate} out, on {@link Topics#COMPARISONS}, updated with every judged replay.
 *
 * <pre>
 * llmwatch.replay.results (validated) → candidates only (not the incumbent's self-replay)
 *   → re-key app/task/candidate → repartition → fold into paired statistics (dedup by result id)
 *   → llmwatch.comparisons
 * </pre>
 *
 * <p>The incumbent's self-replay needs no statistics of its own: the replay worker has already
 * folded it into each candidate's delta (d = agreement(candidate) − agreement(self-replay)).
 */
public final class ComparisonTopology {

    /** Per app/task/candidate: the paired statistics and replay figures. */
    public static final String COMPARISONS_STORE = "scorer-comparisons";
    /** Per app/task/candidate: the paired evidence on the task's critical dimensions ({@link CriticalEvidence}). */
    public static final String CRITICAL_STORE = "scorer-comparison-critical";
    /** Result ids already counted, for {@code pipeline.dedup_retention}. */
    public static final String SEEN_STORE = "scorer-comparison-results-seen";
    /** Repartition of candidate replay results by app/task/candidate. */
    public static final String REPARTITION = "replay-results-by-candidate";

    private ComparisonTopology() {
    }

    /**
     * Adds the comparison branch, fed by the already validated replay results.
     *
     * @return the comparisons as published, keyed app/task/candidate (the sampler reads their state)
     */
    public static KStream<String, Comparison> addTo(KStream<String, ReplayResult> results, LlmwatchConfig config) {
        KStream<String, Comparison> comparisons = results.filter((callId, result) -> !result.control(), Named.as("candidate-results"))
                .selectKey((callId, result) -> new ModelKey(result.app(), result.taskType(), result.model()).toString(),
                        Named.as("results-by-candidate-key"))
                .repartition(Repartitioned.<String, ReplayResult>as(REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(Topics.REPLAY_RESULTS.valueSerde()))
                .process(new Supplier(config), Named.as("compare"));
        comparisons.to(Topics.COMPARISONS.name(), TopicStreams.produced(Topics.COMPARISONS).withName("comparisons-sink"));
        return comparisons;
    }

    private record Supplier(LlmwatchConfig config) implements ProcessorSupplier<String, ReplayResult, String, Comparison> {

        @Override
        public ComparisonProcessor get() {
            return new ComparisonProcessor(config);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COMPARISONS_STORE), Serdes.String(),
                            new ComparisonStateSerde()),
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CRITICAL_STORE), Serdes.String(),
                            new CriticalEvidenceSerde()),
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(),
                            Serdes.Long()));
        }
    }
}
