package io.llmwatch.drift.watch;

import io.llmwatch.config.AlertsConfig;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.TaskKey;
import io.llmwatch.json.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Finds token spirals: agent runs whose calls or tokens explode without converging
 * ({@link SpiralRule}). Input: scored calls that belong to a run (a {@code trace_id}, else a
 * {@code session_id}), keyed {@code app/task}, so that every run of a task and the task's typical
 * run are in one place. Out: a {@code firing} draft when a run is found to spiral (and again, with
 * the latest figures, once per {@code alerts.cooldown} while it goes on), and a {@code resolved}
 * draft when it has stopped.
 *
 * <p>Everything runs on event time. A run has stopped once stream time is {@code token_spiral.idle}
 * past its latest call; a punctuation on stream time finds such runs, drops their state, and adds
 * those that were no spiral to the task's typical run. A scored call is counted once per run (the
 * scorer re-emits a call when a later evaluation re-scores it), and a call older than {@code idle}
 * behind stream time is not counted at all: its run has been closed, and opening it again as a
 * one-call run would drag the typical run down.
 */
public final class SpiralProcessor implements Processor<String, ScoredCall, String, DriftAlert> {

    /** Per {@code app/task} and run: the run so far. */
    public static final String RUNS_STORE = "drift-spiral-runs";
    /** Per run and call_id: calls already counted (dropped with the run). */
    public static final String CALLS_STORE = "drift-spiral-calls";
    /** Per {@code app/task}: its typical run. */
    public static final String TYPICAL_STORE = "drift-spiral-typical";

    /** Separates task, run and call in store keys; none of them contains it. */
    private static final String SEPARATOR = "\u0000";

    private final AlertsConfig.TokenSpiral settings;
    private final SpiralRule rule;
    private final Duration cooldown;
    private ProcessorContext<String, DriftAlert> context;
    private KeyValueStore<String, AgentRun> runs;
    private KeyValueStore<String, Long> calls;
    private KeyValueStore<String, TypicalRuns> typical;

    private SpiralProcessor(AlertsConfig alerts) {
        this.settings = alerts.tokenSpiral();
        this.rule = new SpiralRule(settings);
        this.cooldown = alerts.cooldown();
    }

    /** The processor with its stores. */
    public static ProcessorSupplier<String, ScoredCall, String, DriftAlert> supplier(AlertsConfig alerts) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ScoredCall, String, DriftAlert> get() {
                return new SpiralProcessor(alerts);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RUNS_STORE), Serdes.String(),
                                JsonSerde.of(AgentRun.class)),
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CALLS_STORE), Serdes.String(),
                                Serdes.Long()),
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TYPICAL_STORE), Serdes.String(),
                                JsonSerde.of(TypicalRuns.class)));
            }
        };
    }

    /** Whether a scored call is watched here: it belongs to a run (trace or session) of a task. */
    public static boolean watches(ScoredCall call) {
        return call != null && call.app() != null && call.taskType() != null && call.callId() != null
                && call.timestamp() != null && AgentRun.runId(call) != null;
    }

    @Override
    public void init(ProcessorContext<String, DriftAlert> context) {
        this.context = context;
        this.runs = context.getStateStore(RUNS_STORE);
        this.calls = context.getStateStore(CALLS_STORE);
        this.typical = context.getStateStore(TYPICAL_STORE);
        Duration every = settings.idle().dividedBy(5);
        context.schedule(every.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : every,
                PunctuationType.STREAM_TIME, this::closeIdleRuns);
    }

    @Override
    public void process(Record<String, ScoredCall> record) {
        ScoredCall call = record.value();
        String runId = AgentRun.runId(call);
        if (runId == null || call.timestamp().plus(settings.idle()).toEpochMilli() < context.currentStreamTimeMs()) {
            return;
        }
        TaskKey task = new TaskKey(call.app(), call.taskType());
        String runKey = task + SEPARATOR + runId;
        String callKey = runKey + SEPARATOR + call.callId();
        if (calls.get(callKey) != null) {
            return;
        }
        calls.put(callKey, call.timestamp().toEpochMilli());
        AgentRun known = runs.get(runKey);
        AgentRun run = (known == null ? AgentRun.start(task, runId, call.timestamp()) : known).plus(call);
        if (run.firedAt() == null) {
            TypicalRuns typicalRun = typical(task);
            if (rule.spirals(run, typicalRun)) {
                run = run.fired(call.timestamp());
                forward(task, new SpiralDraft(run, typicalRun, AlertStatus.FIRING).draft(), record.timestamp());
            }
        } else if (!call.timestamp().isBefore(run.reportedAt().plus(cooldown))) {
            run = run.reported(call.timestamp());
            forward(task, new SpiralDraft(run, typical(task), AlertStatus.FIRING).draft(), record.timestamp());
        }
        runs.put(runKey, run);
    }

    private void closeIdleRuns(long streamTime) {
        Instant idleBefore = Instant.ofEpochMilli(streamTime).minus(settings.idle());
        List<KeyValue<String, AgentRun>> finished = new ArrayList<>();
        try (KeyValueIterator<String, AgentRun> all = runs.all()) {
            all.forEachRemaining(entry -> {
                if (!entry.value.lastAt().isAfter(idleBefore)) {
                    finished.add(entry);
                }
            });
        }
        for (KeyValue<String, AgentRun> entry : finished) {
            AgentRun run = entry.value;
            runs.delete(entry.key);
            forgetCalls(entry.key);
            TypicalRuns typicalRun = typical(run.task());
            if (run.firedAt() != null) {
                forward(run.task(), new SpiralDraft(run, typicalRun, AlertStatus.RESOLVED).draft(), streamTime);
            } else if (run.tokens() > 0) {
                typical.put(run.task().toString(), typicalRun.plus(run));
            }
        }
    }

    private void forgetCalls(String runKey) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Long> counted = calls.prefixScan(runKey + SEPARATOR, new StringSerializer())) {
            counted.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(calls::delete);
    }

    private TypicalRuns typical(TaskKey task) {
        TypicalRuns known = typical.get(task.toString());
        return known == null ? TypicalRuns.NONE : known;
    }

    private void forward(TaskKey task, DriftAlert draft, long timestamp) {
        context.forward(new Record<>(task.toString(), draft, timestamp));
    }
}
