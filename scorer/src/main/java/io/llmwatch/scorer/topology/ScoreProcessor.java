package io.llmwatch.scorer.topology;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.PipelineConfig;
import io.llmwatch.config.QualityProfile;
import io.llmwatch.config.QualityWeights;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.config.TaskSettings;
import io.llmwatch.event.Cost;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Scores;
import io.llmwatch.event.TaskKey;
import io.llmwatch.price.LivePrices;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.quality.Composite;
import io.llmwatch.scorer.quality.Efficiency;
import io.llmwatch.scorer.quality.FormatScore;
import io.llmwatch.scorer.quality.RdabProfile;
import io.llmwatch.scorer.quality.ReferenceMatch;
import io.llmwatch.scorer.quality.TaskBudget;
import io.llmwatch.scorer.stats.StatsContribution;
import io.llmwatch.streams.ControlTable;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores calls and joins them with their evaluations, keyed by call_id.
 *
 * <p>State:
 * <ul>
 *   <li>{@value ScorerTopology#CALLS_STORE} ({@link CallStore}): the {@link CallState} per call_id,
 *       remembered for {@code dedup_retention} (or {@code evaluation_horizon}, when longer) from the
 *       processing time it was first seen. It drops
 *       duplicates, keeps evaluations that arrive before their call, and lets an evaluation that
 *       arrives after it re-score the call. Processing time rather than event time, so that a
 *       re-sent or re-imported batch of old calls is still recognised as already seen.</li>
 *   <li>{@value ScorerTopology#BUDGETS_STORE}: the rolling {@link TaskBudget} per {@code app/task}
 *       against which {@link Efficiency} scores. Each partition keeps its own from the calls it
 *       sees, a random sample of the task's calls, so no repartition by task is needed.</li>
 * </ul>
 */
final class ScoreProcessor implements Processor<String, ScorerInput, String, Scoring> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreProcessor.class);

    private final LlmwatchConfig config;
    private final PriceCatalog catalog;
    private ProcessorContext<String, Scoring> context;
    private CallStore calls;
    private KeyValueStore<String, TaskBudget> budgets;
    private TaskSettings settings;
    private LivePrices prices;

    ScoreProcessor(LlmwatchConfig config, PriceCatalog catalog) {
        this.config = config;
        this.catalog = catalog;
    }

    /** The processor with its two stores. */
    static ProcessorSupplier<String, ScorerInput, String, Scoring> supplier(LlmwatchConfig config, PriceCatalog catalog) {
        StoreBuilder<WindowStore<String, CallEntry>> callStore =
                CallStore.builder(ScorerTopology.CALLS_STORE, callRetention(config.pipeline()));
        StoreBuilder<KeyValueStore<String, TaskBudget>> budgetStore = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ScorerTopology.BUDGETS_STORE),
                        Serdes.String(), new TaskBudgetSerde())
                .withCachingEnabled();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ScorerInput, String, Scoring> get() {
                return new ScoreProcessor(config, catalog);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(callStore, budgetStore);
            }
        };
    }

    /**
     * How long a call is remembered: to drop its duplicates, and for as long as an evaluation may
     * still re-score it.
     */
    static Duration callRetention(PipelineConfig pipeline) {
        Duration dedup = pipeline.dedupRetention();
        return dedup.compareTo(pipeline.evaluationHorizon()) >= 0 ? dedup : pipeline.evaluationHorizon();
    }

    @Override
    public void init(ProcessorContext<String, Scoring> context) {
        this.context = context;
        this.calls = new CallStore(context.getStateStore(ScorerTopology.CALLS_STORE), callRetention(config.pipeline()));
        this.budgets = context.getStateStore(ScorerTopology.BUDGETS_STORE);
        this.settings = ControlTable.taskSettings(context, config);
        this.prices = new LivePrices(catalog, ControlTable.lookup(context));
    }

    @Override
    public void process(Record<String, ScorerInput> record) {
        ScorerInput input = record.value();
        String callId = input.callId();
        long now = context.currentSystemTimeMs();
        CallEntry existing = calls.find(callId, now);
        if (input.call() != null) {
            onCall(callId, input.call(), existing, now);
        } else {
            onEvaluation(callId, input.evaluation(), existing, now);
        }
    }

    private void onCall(String callId, LlmCall call, CallEntry existing, long now) {
        if (existing != null && existing.state().hasCall()) {
            LOG.debug("dropping duplicate call {}", callId);
            return;
        }
        TaskKey task = new TaskKey(call.app(), call.taskType());
        TaskConfig taskConfig = settings.forTask(task);
        Cost cost = prices.cost(call);
        String budgetKey = task.toString();
        TaskBudget budget = budgets.get(budgetKey);
        if (budget == null) {
            budget = TaskBudget.EMPTY;
        }
        Scores computed = computed(call, cost, taskConfig, budget);
        budgets.put(budgetKey, budget.add(call, cost));

        CallState state = new CallState(null, computed, existing == null ? Map.of() : existing.state().evaluations());
        ScoredCall scored = ScoredCall.of(call, cost,
                Composite.combine(computed, state.evaluationScores(), weights(taskConfig)));
        ScoredCallJson emitted = ScoredCallJson.of(scored);
        CallEntry entry = new CallEntry(now, state.withScored(emitted));
        if (existing == null) {
            calls.put(callId, entry);
        } else {
            // Evaluations that came first: the entry restarts at the call, so the call is remembered for the full retention.
            calls.replace(callId, existing, entry);
        }
        forward(callId, new Scoring(emitted, StatsContribution.newCall(scored), call));
    }

    private void onEvaluation(String callId, Evaluation evaluation, CallEntry existing, long now) {
        String late = lateness(evaluation, existing);
        if (late != null) {
            reject(callId, evaluation, late);
            return;
        }
        if (existing == null) {
            calls.put(callId, new CallEntry(now, CallState.pending(evaluation)));
            return;
        }
        CallState updated = existing.state().withEvaluation(evaluation);
        if (updated == existing.state()) {
            return;
        }
        if (!updated.hasCall()) {
            calls.put(callId, existing.withState(updated));
            return;
        }
        ScoredCall before = updated.scored().call();
        TaskConfig taskConfig = settings.forTask(new TaskKey(before.app(), before.taskType()));
        Scores scores = Composite.combine(updated.computed(), updated.evaluationScores(), weights(taskConfig));
        ScoredCallJson after = ScoredCallJson.of(before.withScores(scores));
        calls.put(callId, existing.withState(updated.withScored(after)));
        if (!scores.equals(before.scores())) {
            forward(callId, new Scoring(after, StatsContribution.scoresChange(before.scores(), scores), null));
        }
    }

    /**
     * Why the evaluation is too late to count, or null. Its call's window is kept, and the call
     * remembered, for {@code pipeline.evaluation_horizon} of event time: an evaluation of a known call
     * counts while stream time is within the horizon of the call; one whose call is not known (yet)
     * while the evaluation itself is, since a call precedes its grades.
     */
    private String lateness(Evaluation evaluation, CallEntry existing) {
        Duration horizon = config.pipeline().evaluationHorizon();
        Instant streamTime = Instant.ofEpochMilli(context.currentStreamTimeMs());
        boolean known = existing != null && existing.state().hasCall();
        Instant since = known ? existing.state().scored().call().timestamp() : evaluation.timestamp();
        if (!since.plus(horizon).isBefore(streamTime)) {
            return null;
        }
        long behind = Duration.between(since, streamTime).toSeconds();
        String late = known ? "arrived " + behind + " s of event time after its call (" + since + ")"
                : "is " + behind + " s older than the newest event";
        return late + ", beyond pipeline.evaluation_horizon (" + horizon + "): its call's window is no longer kept";
    }

    private void reject(String callId, Evaluation evaluation, String reason) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        // the evaluation as read (the original bytes are not kept past validation)
        byte[] value = Topics.EVALUATIONS.valueSerde().serializer().serialize(Topics.EVALUATIONS.name(), evaluation);
        DeadLetter letter = DeadLetter.of(callId, value, List.of(new FieldError("timestamp", reason)),
                meta == null ? null : meta.topic(), meta == null ? null : meta.partition(),
                meta == null ? null : meta.offset(), ScorerTopology.COMPONENT, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        LOG.debug("rejected evaluation {} of call {}: {}", evaluation.name(), callId, letter.reason());
        context.forward(new Record<>(callId, Scoring.rejected(letter), context.currentStreamTimeMs()));
    }

    /** Emits under the call's event time, so a re-scored call lands in the same statistics window as the call. */
    private void forward(String callId, Scoring scoring) {
        context.forward(new Record<>(callId, scoring, scoring.scored().call().timestamp().toEpochMilli()));
    }

    /** The dimensions computed from the call: the built-in ones, or its profile's (docs/dimensions.md). */
    private static Scores computed(LlmCall call, Cost cost, TaskConfig taskConfig, TaskBudget budget) {
        Double correctness = ReferenceMatch.correctness(call.reference(), call.outputText());
        QualityProfile profile = taskConfig.profile();
        if (profile != null && profile.isRdab()) {
            return new Scores(correctness, FormatScore.of(call), RdabProfile.efficiency(call, profile), null, null,
                    RdabProfile.dimensions(call, profile));
        }
        return new Scores(correctness, FormatScore.of(call), Efficiency.of(call, cost, taskConfig.tokenBudget(), budget),
                null, null, Map.of());
    }

    private static QualityWeights weights(TaskConfig taskConfig) {
        return taskConfig.weights() != null ? taskConfig.weights() : QualityWeights.RDAB;
    }
}
