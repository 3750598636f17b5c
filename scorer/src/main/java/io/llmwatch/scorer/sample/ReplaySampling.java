package io.llmwatch.scorer.sample;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.event.TaskKey;
import io.llmwatch.json.JsonSerde;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.streams.TopicStreams;
import io.llmwatch.topic.Topics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The sampler of the scoring topology: picks live calls to replay against cheaper candidate models
 * within a daily budget, keeps a reservoir of recent replayable calls per task, and runs
 * re-evaluation campaigns over it, on demand ({@code campaign/<id>} on {@code llmwatch.control})
 * and by each task's schedule ({@code reevaluate_every}) — docs/architecture.md §5 and §7.
 *
 * <pre>
 * newly scored calls (call_id) → sample: replayable? sampled by hash(call_id) &lt; sample_rate?
 *     sampled, or within the reservoir feed ──┐
 * llmwatch.replay.results (call_id) → outcome ┤
 * comparisons (app/task/candidate) → standing ┴→ merge → re-key app/task → repartition (replay-by-task)
 *   → replay-task: budget per app/task/model and UTC day, reservoir, campaigns, schedule
 *       ├→ llmwatch.replay.requests   keyed call_id
 *       └→ llmwatch.dlq               rejected campaign records
 * </pre>
 *
 * <p>State, all in the replay-task processor: {@value #TASKS_STORE} (per task: calls stored, schedule),
 * {@value #RECENT_CALLS_STORE} (the ring of recent calls), {@value #SPEND_STORE} (today's spend per
 * budget line), {@value #CHARGES_STORE} (charges awaiting their replay's outcome, 2 days),
 * {@value #CAMPAIGNS_STORE} (campaign ids dealt with) and {@value #STANDINGS_STORE} (each candidate's
 * comparison state, for the maintenance rate).
 */
public final class ReplaySampling {

    /** Per app/task: calls stored among its recent calls so far, and the re-evaluation schedule. */
    public static final String TASKS_STORE = "scorer-replay-tasks";
    /**
     * Per app/task and slot: the ring of the most recent replayable calls ({@code RecentCalls}). The
     * name is older than the class's and stays: it names the store's changelog topic.
     */
    public static final String RECENT_CALLS_STORE = "scorer-replay-reservoir";
    /** Per app/task/model: replay spend on the current UTC day. */
    public static final String SPEND_STORE = "scorer-replay-spend";
    /** Per result id: a replay's projected charge until its outcome settles it. */
    public static final String CHARGES_STORE = "scorer-replay-charges";
    /** Per campaign id: dealt with (run once), or rejected. */
    public static final String CAMPAIGNS_STORE = "scorer-replay-campaigns";
    /** Per app/task/candidate: its comparison's state, so that a decided one is replayed at the maintenance rate. */
    public static final String STANDINGS_STORE = "scorer-replay-standings";
    /** Repartition of sampled calls, reservoir calls, replay outcomes and comparison states by app/task. */
    public static final String BY_TASK_REPARTITION = "replay-by-task";

    private ReplaySampling() {
    }

    /**
     * Adds the sampler to the topology the streams belong to.
     *
     * @param newCalls calls scored for the first time, keyed call_id
     * @param results     {@code llmwatch.replay.results}, keyed call_id
     * @param comparisons the comparisons as published, keyed app/task/candidate
     */
    public static void addTo(KStream<String, NewCall> newCalls, KStream<String, ReplayResult> results,
                             KStream<String, Comparison> comparisons, LlmwatchConfig config, PriceCatalog catalog) {
        KStream<String, TaskInput> calls = newCalls.process(() -> new SampleProcessor(config), Named.as("replay-sample"));
        KStream<String, TaskInput> outcomes = results
                .filter((callId, result) -> result != null && result.app() != null && result.taskType() != null
                        && result.model() != null, Named.as("replay-outcome-readable"))
                .map((callId, result) -> KeyValue.pair(result.task().toString(), TaskInput.of(ReplayOutcome.of(result))),
                        Named.as("replay-outcome-by-task"));
        KStream<String, TaskInput> standings = comparisons
                .map((key, comparison) -> KeyValue.pair(new TaskKey(comparison.app(), comparison.taskType()).toString(),
                        TaskInput.of(Standings.Standing.of(comparison))), Named.as("replay-standing-by-task"));
        String prefix = "replay-output-";
        Map<String, KStream<String, TaskOutput>> outputs = calls.merge(outcomes, Named.as("replay-task-inputs"))
                .merge(standings, Named.as("replay-task-standings"))
                .repartition(Repartitioned.<String, TaskInput>as(BY_TASK_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(TaskInput.class)))
                .process(ReplayTaskProcessor.supplier(config, catalog), Named.as("replay-task"))
                .split(Named.as(prefix))
                .branch((key, output) -> output.request() != null, Branched.as("request"))
                .defaultBranch(Branched.as("rejected"));
        outputs.get(prefix + "request")
                .mapValues(TaskOutput::request, Named.as("replay-request"))
                .to(Topics.REPLAY_REQUESTS.name(), TopicStreams.produced(Topics.REPLAY_REQUESTS).withName("replay-requests-sink"));
        outputs.get(prefix + "rejected")
                .mapValues(TaskOutput::deadLetter, Named.as("campaign-dead-letter"))
                .to(Topics.DLQ.name(), TopicStreams.produced(Topics.DLQ).withName("campaign-dlq-sink"));
    }
}
