package io.llmwatch.scorer.topology;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.PipelineConfig;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.json.JsonSerde;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.compare.ComparisonTopology;
import io.llmwatch.scorer.sample.NewCall;
import io.llmwatch.scorer.sample.ReplaySampling;
import io.llmwatch.scorer.stats.StatsAccumulator;
import io.llmwatch.scorer.stats.StatsAccumulatorSerde;
import io.llmwatch.scorer.stats.StatsContribution;
import io.llmwatch.scorer.stats.StatsContributionSerde;
import io.llmwatch.streams.ControlTable;
import io.llmwatch.streams.InputStreams;
import io.llmwatch.streams.TopicStreams;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.EventTimeWindow;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;

/**
 * The scoring topology: prices and scores every call, joins evaluations, aggregates per-model
 * window statistics, and samples calls for shadow replay (docs/architecture.md §2–5).
 *
 * <pre>
 * llmwatch.calls, llmwatch.evaluations → validate (bad records → llmwatch.dlq) → merge
 *   → keyed by call_id? ─ yes ───────────────────────────────┐
 *                       └ no → re-key → repartition ──────────┴→ merge
 *   → score (dedup, join evaluations, price, dimensions, composite; llmwatch.control as a global table)
 *       ├→ llmwatch.scored                                      keyed call_id, call's event time
 *       └→ contributions by app/task/model → repartition (partitioned by app/task) → tumbling
 *            window (window, grace) → aggregate → suppress until the window closes
 *            → llmwatch.model-stats (partitioned by app/task)
 *       └→ calls scored for the first time, with llmwatch.replay.results → sampler ({@link ReplaySampling})
 *            → llmwatch.replay.requests
 * llmwatch.replay.results → validate → paired comparison per app/task/candidate → llmwatch.comparisons
 * </pre>
 *
 * <p>Records keyed by their call_id, as llmwatch's producers write them, take no extra hop; others
 * (e.g. a third-party producer writing null keys) pass through one repartition topic so that a call
 * and its evaluations meet in the same task. This relies on {@code llmwatch.calls} and
 * {@code llmwatch.evaluations} having the same number of partitions, as llmwatch creates them.
 *
 * <p>The statistics window store keeps each window for exactly {@code window + grace}: the longest a
 * window can still change; it is emitted once (suppressed until then) and not needed afterwards.
 * A later evaluation changes the quality of the window its call belongs to; once that window has
 * closed, the change no longer reaches {@code llmwatch.model-stats} (it still re-emits the scored
 * call). The same holds for a call itself: the statistics repartition interleaves the calls of all
 * input partitions, so while a backlog is worked off (partitions progressing at different speeds)
 * a call more than {@code grace} behind the most advanced one is scored but not counted; size
 * {@code pipeline.grace} for the catch-up the deployment must tolerate.
 *
 * <p>Every processor, store and internal topic is named, so the topology stays compatible across
 * versions.
 */
public final class ScorerTopology {

    /** How this component names itself in dead letters. */
    public static final String COMPONENT = "scorer";
    /** Per call_id: the call as scored and its evaluations, for {@code pipeline.dedup_retention}. */
    public static final String CALLS_STORE = "scorer-calls";
    /** Per app/task: rolling token and cost budgets of the efficiency score. */
    public static final String BUDGETS_STORE = "scorer-task-budgets";
    /** Per app/task/model and window: the statistics being aggregated. */
    public static final String STATS_STORE = "scorer-model-stats";
    /** Repartition of input records whose Kafka key is not their call_id. */
    public static final String INPUT_REPARTITION = "input-by-call-id";
    /** Repartition of statistics contributions by app/task/model. */
    public static final String STATS_REPARTITION = "stats-by-model";

    private static final Serde<ScorerInput> INPUT_SERDE = JsonSerde.of(ScorerInput.class);
    private static final Serde<StatsContribution> CONTRIBUTION_SERDE = new StatsContributionSerde();

    private ScorerTopology() {
    }

    /** The topology, ready for {@code KafkaStreams} or {@code TopologyTestDriver}. */
    public static Topology build(LlmwatchConfig config, PriceCatalog catalog) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, config, catalog);
        return builder.build();
    }

    /** Adds the scoring topology, the control table included, to {@code builder}. */
    public static void build(StreamsBuilder builder, LlmwatchConfig config, PriceCatalog catalog) {
        ControlTable.addTo(builder);
        KStream<String, Scoring> scorings = byCallId(inputs(builder, config.pipeline().eventTimes()))
                .process(ScoreProcessor.supplier(config, catalog), Named.as("score"));
        // Already serialised with the topic's own serde, once for both the calls store and this topic.
        scorings.mapValues(scoring -> scoring.scored().json(), Named.as("scored-call"))
                .to(Topics.SCORED.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("scored-sink"));
        modelStats(scorings, config.pipeline());
        KStream<String, ReplayResult> replayResults = InputStreams.validated(builder, Topics.REPLAY_RESULTS,
                ReplayResult.reader(config.pipeline().eventTimes()), COMPONENT);
        ReplaySampling.addTo(newCalls(scorings), replayResults, config, catalog);
        ComparisonTopology.addTo(replayResults, config);
    }

    private static KStream<String, NewCall> newCalls(KStream<String, Scoring> scorings) {
        return scorings.filter((callId, scoring) -> scoring.newCall() != null, Named.as("first-scorings"))
                .mapValues(scoring -> new NewCall(scoring.newCall(), scoring.scored().call().cost()), Named.as("new-calls"));
    }

    private static KStream<String, ScorerInput> inputs(StreamsBuilder builder, EventTimeWindow eventTimes) {
        KStream<String, ScorerInput> calls = InputStreams.validated(builder, Topics.CALLS,
                        LlmCall.reader(eventTimes), COMPONENT)
                .mapValues(ScorerInput::of, Named.as("call-input"));
        KStream<String, ScorerInput> evaluations = InputStreams.validated(builder, Topics.EVALUATIONS,
                        Evaluation.reader(eventTimes), COMPONENT)
                .mapValues(ScorerInput::of, Named.as("evaluation-input"));
        return calls.merge(evaluations, Named.as("inputs"));
    }

    /** Split → repartition only the records keyed otherwise → merge. */
    private static KStream<String, ScorerInput> byCallId(KStream<String, ScorerInput> inputs) {
        String prefix = "input-key-";
        Map<String, KStream<String, ScorerInput>> branches = inputs.split(Named.as(prefix))
                .branch((key, input) -> input.callId().equals(key), Branched.as("is-call-id"))
                .defaultBranch(Branched.as("other"));
        KStream<String, ScorerInput> rekeyed = branches.get(prefix + "other")
                .selectKey((key, input) -> input.callId(), Named.as("input-rekey"))
                .repartition(Repartitioned.<String, ScorerInput>as(INPUT_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(INPUT_SERDE));
        return branches.get(prefix + "is-call-id").merge(rekeyed, Named.as("inputs-by-call-id"));
    }

    private static void modelStats(KStream<String, Scoring> scorings, PipelineConfig pipeline) {
        scorings.filter((callId, scoring) -> scoring.contribution() != null, Named.as("stats-changes"))
                .map((callId, scoring) -> KeyValue.pair(scoring.scored().call().modelKey().toString(), scoring.contribution()),
                        Named.as("stats-by-model-key"))
                .repartition(Repartitioned.<String, StatsContribution>as(STATS_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(CONTRIBUTION_SERDE)
                        .withStreamPartitioner(new TaskPartitioner<>()))
                .groupByKey(Grouped.with(Serdes.String(), CONTRIBUTION_SERDE))
                .windowedBy(TimeWindows.ofSizeAndGrace(pipeline.window(), pipeline.grace()))
                .aggregate(StatsAccumulator::new, (model, contribution, acc) -> acc.add(contribution),
                        Named.as("stats-aggregate"),
                        // In memory: it holds only the open windows (one accumulator per model each), and a
                        // RocksDB window store would open and drop a database per segment, i.e. per minute.
                        Materialized.<String, StatsAccumulator>as(Stores.inMemoryWindowStore(STATS_STORE,
                                        pipeline.window().plus(pipeline.grace()), pipeline.window(), false))
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new StatsAccumulatorSerde()))
                // Unbounded, yet small: one accumulator (a few hundred bytes) per app/task/model per open window.
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("stats-until-window-closes"))
                .toStream(Named.as("stats-closed"))
                .map(ScorerTopology::finalStats, Named.as("stats-final"))
                .to(Topics.MODEL_STATS.name(), TopicStreams.produced(Topics.MODEL_STATS).withName("model-stats-sink")
                        .withStreamPartitioner(new TaskPartitioner<>()));
    }

    private static KeyValue<String, ModelStats> finalStats(Windowed<String> window, StatsAccumulator acc) {
        TimeWindow span = new TimeWindow(window.window().startTime(), window.window().endTime());
        return KeyValue.pair(window.key(), acc.toModelStats(ModelKey.parse(window.key()), span));
    }
}
