package io.llmwatch.scorer.topology;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.PipelineConfig;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.json.JsonSerde;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.compare.ComparisonTopology;
import io.llmwatch.scorer.sample.NewCall;
import io.llmwatch.scorer.sample.ReplaySampling;
import io.llmwatch.scorer.stats.LiveStatsProcessor;
import io.llmwatch.scorer.stats.StatsCombiner;
import io.llmwatch.scorer.stats.StatsPartial;
import io.llmwatch.scorer.stats.StatsPartialSerde;
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
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The scoring topology: prices and scores every call, joins evaluations, aggregates per-model
 * window statistics, and samples calls for shadow replay (docs/architecture.md §2–5).
 *
 * <pre>
 * llmwatch.calls, llmwatch.evaluations → validate (bad records → llmwatch.dlq) → merge
 *   → keyed by call_id? ─ yes ───────────────────────────────┐
 *                       └ no → re-key → repartition ──────────┴→ merge
 *   → score (dedup, join evaluations, price, dimensions, composite; llmwatch.control as a global table)
 *       ├→ evaluations later than pipeline.evaluation_horizon → llmwatch.dlq
 *       ├→ llmwatch.scored                                      keyed call_id, call's event time
 *       └→ contributions by app/task/model, combined per window for a tick ({@link StatsCombiner})
 *            → repartition (partitioned by app/task) → live tumbling windows, kept for the evaluation
 *            horizon, published about once per publish_interval and once more when closed
 *            ({@link LiveStatsProcessor})
 *            → llmwatch.model-stats, keyed app/task/model/window (partitioned by app/task)
 *       └→ calls scored for the first time, with llmwatch.replay.results and the comparisons' states
 *            → sampler ({@link ReplaySampling}) → llmwatch.replay.requests
 * llmwatch.replay.results → validate → paired comparison per app/task/candidate → llmwatch.comparisons
 * </pre>
 *
 * <p>Records keyed by their call_id, as llmwatch's producers write them, take no extra hop; others
 * (e.g. a third-party producer writing null keys) pass through one repartition topic so that a call
 * and its evaluations meet in the same task. This relies on {@code llmwatch.calls} and
 * {@code llmwatch.evaluations} having the same number of partitions, as llmwatch creates them.
 *
 * <p>Statistics are live (see {@link LiveStatsProcessor} and {@code docs/live-numbers.md}): a window
 * is published as it fills, about once per {@code pipeline.publish_interval}, and is kept for
 * {@code pipeline.evaluation_horizon}, so that a late evaluation re-scores its call into the call's
 * own window and the calls of a lagging partition during a catch-up still count. An evaluation later
 * than the horizon goes to {@code llmwatch.dlq} with the reason.
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
    /** Repartition of input records whose Kafka key is not their call_id. */
    public static final String INPUT_REPARTITION = "input-by-call-id";
    /** Repartition of statistics partials ({@link StatsPartial}) by app/task/model. */
    public static final String STATS_REPARTITION = "stats-by-model";

    private static final Serde<ScorerInput> INPUT_SERDE = JsonSerde.of(ScorerInput.class);
    private static final Serde<StatsPartial> PARTIAL_SERDE = new StatsPartialSerde();

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
        Map<String, KStream<String, Scoring>> outcomes = byCallId(inputs(builder, config.pipeline().eventTimes()))
                .process(ScoreProcessor.supplier(config, catalog), Named.as("score"))
                .split(Named.as("scoring-"))
                .branch((callId, scoring) -> scoring.rejected() != null, Branched.as("rejected"))
                .defaultBranch(Branched.as("accepted"));
        outcomes.get("scoring-rejected")
                .mapValues(Scoring::rejected, Named.as("late-evaluation-dead-letter"))
                .to(Topics.DLQ.name(), TopicStreams.produced(Topics.DLQ).withName("late-evaluation-dlq-sink"));
        KStream<String, Scoring> scorings = outcomes.get("scoring-accepted");
        // Already serialised with the topic's own serde, once for both the calls store and this topic.
        scorings.mapValues(scoring -> scoring.scored().json(), Named.as("scored-call"))
                .to(Topics.SCORED.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("scored-sink"));
        modelStats(scorings, config.pipeline());
        KStream<String, ReplayResult> replayResults = InputStreams.validated(builder, Topics.REPLAY_RESULTS,
                ReplayResult.reader(config.pipeline().eventTimes()), COMPONENT);
        KStream<String, Comparison> comparisons = ComparisonTopology.addTo(replayResults, config);
        ReplaySampling.addTo(newCalls(scorings), replayResults, comparisons, config, catalog);
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
                .process(StatsCombiner.supplier(pipeline), Named.as("stats-combine"))
                .repartition(Repartitioned.<String, StatsPartial>as(STATS_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(PARTIAL_SERDE)
                        .withStreamPartitioner(new TaskPartitioner<>()))
                .process(LiveStatsProcessor.supplier(pipeline), Named.as("stats-live"))
                .to(Topics.MODEL_STATS.name(), TopicStreams.produced(Topics.MODEL_STATS).withName("model-stats-sink")
                        .withStreamPartitioner(new TaskPartitioner<>()));
    }

}
