package io.llmwatch.scorer.sample;

import io.llmwatch.config.Campaign;
import io.llmwatch.config.DurationText;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.config.TaskSettings;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.TaskKey;
import io.llmwatch.json.JsonSerde;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.scorer.replay.ReplayBody;
import io.llmwatch.price.LivePrices;
import io.llmwatch.scorer.topology.ScorerTopology;
import io.llmwatch.streams.ControlTable;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful half of the sampler, on partitions by {@code app/task}, so that each task's budget,
 * recent calls and schedule are kept in exactly one place.
 *
 * <ul>
 *   <li>A sampled call is turned into a replay request within budget ({@link ReplayPlanner}); every
 *       call received is kept among the task's recent calls ({@link RecentCalls}).</li>
 *   <li>A replay outcome settles the charge made for it ({@link SpendBudget}).</li>
 *   <li>A comparison's new state is kept ({@link Standings}): a decided candidate is replayed only at
 *       the task's maintenance rate.</li>
 *   <li>Every {@link #TICK} of wall clock: campaign records new on {@code llmwatch.control} run
 *       ({@link CampaignWatcher}; a rejected one goes to the dead-letter topic), and each task whose
 *       live {@code reevaluate_every} is due runs a scheduled campaign ({@link ReevaluationSchedule}).
 *       A campaign replays the most recent stored calls not yet replayed against its candidates,
 *       newest first, until {@code n} are sent, within the same daily budgets as live sampling.</li>
 * </ul>
 *
 * <p>Only the stream task holding a task's calls can replay them, so a campaign runs where the
 * task's recent calls are; every other stream task marks it done without running it. A task that has
 * no stored call yet has nothing to replay: its schedule starts with its first call.
 */
final class ReplayTaskProcessor implements Processor<String, TaskInput, String, TaskOutput> {

    /** How often campaigns and schedules are looked at. */
    static final Duration TICK = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(ReplayTaskProcessor.class);

    private final LlmwatchConfig config;
    private final PriceCatalog catalog;
    private ProcessorContext<String, TaskOutput> context;
    private TaskSettings settings;
    private KeyValueStore<String, TaskReplayState> tasks;
    private RecentCalls recentCalls;
    private SpendBudget budget;
    private ReplayPlanner planner;
    private Standings standings;
    private CampaignWatcher campaigns;
    private boolean reportsRejections;
    /** The unreadable period last warned about per task, so that a tick does not warn again. */
    private final Map<TaskKey, String> unreadablePeriods = new HashMap<>();

    ReplayTaskProcessor(LlmwatchConfig config, PriceCatalog catalog) {
        this.config = config;
        this.catalog = catalog;
    }

    /** The processor with its stores, all persistent and changelogged. */
    static ProcessorSupplier<String, TaskInput, String, TaskOutput> supplier(LlmwatchConfig config, PriceCatalog catalog) {
        Set<StoreBuilder<?>> stores = Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ReplaySampling.TASKS_STORE),
                        Serdes.String(), JsonSerde.of(TaskReplayState.class)).withCachingEnabled(),
                // Written once per call and read only by campaigns: a cache would only add a copy.
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ReplaySampling.RECENT_CALLS_STORE),
                        Serdes.String(), JsonSerde.of(RecentCall.class)).withCachingDisabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ReplaySampling.SPEND_STORE),
                        Serdes.String(), JsonSerde.of(SpendBudget.DailySpend.class)).withCachingEnabled(),
                Stores.windowStoreBuilder(Stores.persistentWindowStore(ReplaySampling.CHARGES_STORE,
                                SpendBudget.CHARGE_RETENTION, Duration.ofMillis(1), false),
                        Serdes.String(), JsonSerde.of(SpendBudget.Charge.class)).withCachingDisabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ReplaySampling.CAMPAIGNS_STORE),
                        Serdes.String(), JsonSerde.of(CampaignWatcher.CampaignMark.class)).withCachingDisabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ReplaySampling.STANDINGS_STORE),
                        Serdes.String(), JsonSerde.of(Standings.Standing.class)).withCachingEnabled());
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, TaskInput, String, TaskOutput> get() {
                return new ReplayTaskProcessor(config, catalog);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, TaskOutput> context) {
        this.context = context;
        this.settings = ControlTable.taskSettings(context, config);
        this.tasks = context.getStateStore(ReplaySampling.TASKS_STORE);
        this.recentCalls = new RecentCalls(tasks, context.getStateStore(ReplaySampling.RECENT_CALLS_STORE),
                config.pipeline().reservoirSize());
        this.budget = new SpendBudget(context.getStateStore(ReplaySampling.SPEND_STORE),
                context.getStateStore(ReplaySampling.CHARGES_STORE));
        this.standings = new Standings(context.getStateStore(ReplaySampling.STANDINGS_STORE));
        this.planner = new ReplayPlanner(new LivePrices(catalog, ControlTable.lookup(context)), catalog, budget,
                new ReplayBody(config.replay()), standings);
        this.campaigns = new CampaignWatcher(context.getStateStore(ControlTable.STORE),
                context.getStateStore(ReplaySampling.CAMPAIGNS_STORE));
        // Every stream task sees every campaign record: one of them reports the bad ones.
        this.reportsRejections = context.taskId().partition() == 0;
        context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, TaskInput> record) {
        long now = context.currentSystemTimeMs();
        TaskInput input = record.value();
        if (input.outcome() != null) {
            budget.settle(input.outcome(), now);
            return;
        }
        if (input.standing() != null) {
            standings.remember(input.standing());
            return;
        }
        StoredCall call = input.call();
        Set<String> replayed = Set.of();
        if (input.sampled()) {
            TaskConfig taskConfig = settings.forTask(call.task());
            Optional<ReplayRequest> request = planner.plan(call, taskConfig, taskConfig.candidates(), Set.of(), null, now);
            if (request.isPresent()) {
                replayed = Set.copyOf(request.get().targets());
                forward(request.get(), record.timestamp());
            }
        }
        recentCalls.add(call, replayed);
    }

    private void tick(long now) {
        for (CampaignWatcher.Found found : campaigns.poll()) {
            onCampaign(found, now);
        }
        List<KeyValue<String, TaskReplayState>> known = new ArrayList<>();
        try (KeyValueIterator<String, TaskReplayState> all = tasks.all()) {
            all.forEachRemaining(known::add);
        }
        for (KeyValue<String, TaskReplayState> entry : known) {
            TaskKey task = TaskKey.parse(entry.key);
            TaskConfig taskConfig = settings.forTask(task);
            ReevaluationSchedule.Step step = ReevaluationSchedule.step(entry.value, period(task, taskConfig), now);
            if (step.dueMs() != null) {
                run(task, taskConfig.candidates(), taskConfig.reevaluateN(),
                        "scheduled/" + task + "/" + Instant.ofEpochMilli(step.dueMs()), now);
            }
            if (!step.state().equals(entry.value)) {
                tasks.put(entry.key, step.state());
            }
        }
    }

    private void onCampaign(CampaignWatcher.Found found, long now) {
        try {
            Campaign campaign = CampaignWatcher.read(found.value());
            if (tasks.get(campaign.task().toString()) != null) {
                List<String> candidates = campaign.candidates() != null
                        ? campaign.candidates() : settings.forTask(campaign.task()).candidates();
                run(campaign.task(), candidates, campaign.n(), found.id(), now);
            }
            campaigns.settle(found, true);
        } catch (ValidationException e) {
            LOG.warn("rejecting campaign record {}: {}", found.key(), e.getMessage());
            if (reportsRejections) {
                DeadLetter letter = DeadLetter.of(found.key(), found.value(), e.errors(), Topics.CONTROL.name(), null, null,
                        ScorerTopology.COMPONENT, Instant.ofEpochMilli(now));
                context.forward(new Record<>(found.key(), TaskOutput.of(letter), now));
            }
            campaigns.settle(found, false);
        }
    }

    /** Replays up to {@code n} of the task's stored calls, newest first, that are not yet replayed against the candidates. */
    private void run(TaskKey task, List<String> candidates, int n, String campaignId, long now) {
        TaskConfig taskConfig = settings.forTask(task);
        int sent = 0;
        for (Iterator<RecentCall> recent = recentCalls.recent(task); sent < n && recent.hasNext(); ) {
            RecentCall entry = recent.next();
            Optional<ReplayRequest> request = planner.plan(entry.call(), taskConfig, candidates, entry.replayed(), campaignId, now);
            if (request.isPresent()) {
                recentCalls.update(task, entry.withReplayed(request.get().targets()));
                forward(request.get(), now);
                sent++;
            }
        }
        LOG.info("campaign {}: {} of {} calls of {} sent to replay against {}", campaignId, sent, n, task, candidates);
    }

    private Duration period(TaskKey task, TaskConfig taskConfig) {
        String text = taskConfig.reevaluateEvery();
        if (text == null) {
            return null;
        }
        try {
            Duration period = DurationText.parse(text);
            if (!period.isNegative() && !period.isZero()) {
                return period;
            }
        } catch (IllegalArgumentException e) {
            // `llmwatch config set` validates periods; a hand-written entry may not be.
        }
        if (!text.equals(unreadablePeriods.put(task, text))) {
            LOG.warn("task {}: no scheduled re-evaluation: reevaluate_every '{}' is not a positive duration", task, text);
        }
        return null;
    }

    private void forward(ReplayRequest request, long timestamp) {
        context.forward(new Record<>(request.callId(), TaskOutput.of(request), timestamp));
    }
}
