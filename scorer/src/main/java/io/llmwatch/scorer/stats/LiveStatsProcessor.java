package io.llmwatch.scorer.stats;

import io.llmwatch.config.PipelineConfig;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges statistics partials ({@link StatsPartial}: the contributions of one model's window combined
 * in a scoring task, {@link StatsCombiner}), keyed {@code app/task/model} and stamped with their newest
 * call's event time, into tumbling event-time windows, and publishes every window as it fills.
 *
 * <p>Why not the DSL's windowed aggregate: suppressing it until the window closes shows nothing
 * until later traffic pushes stream time on (a quiet task, the last minute of any task, and a burst
 * that stops are never shown), and dropping it after {@code window + grace} loses late grades and
 * the calls of a lagging partition in a catch-up. Instead:
 * <ul>
 *   <li><b>Long retention.</b> Windows are kept in {@value #WINDOWS_STORE} until stream time is
 *       {@code pipeline.evaluation_horizon} past their end (plus window and grace), so a call or an
 *       evaluation that arrives late, within the horizon, still updates its own window.</li>
 *   <li><b>Coalesced, wall-clock publication.</b> A change marks its window in {@value #PENDING_STORE};
 *       a wall-clock punctuator checks every {@code publish_interval / 20} (a <i>tick</i>) and
 *       publishes the marked windows in a <i>round</i>, rounds at least half of {@code
 *       pipeline.publish_interval} apart: the update rate of {@code llmwatch.model-stats} is bounded
 *       by windows, not calls, and a change is published within a tick or two of its batch's
 *       arrival when the previous round is half an interval old, else once it has waited an
 *       interval, whether or not more traffic follows (see {@link #onTick}).</li>
 *   <li><b>Visible at once.</b> Under exactly-once a published record is visible to
 *       read_committed readers (the query API) only when the transaction commits; waiting for the
 *       next regular commit ({@code commit.interval.ms}) would add up to a second. So a round is
 *       followed by a requested commit ({@link ProcessorContext#commit()}), one per stream thread:
 *       the statistics tasks of a thread publish within a tick of each other, and the first tick a
 *       tick after the thread's first uncommitted round requests it ({@link Visibility}).</li>
 *   <li><b>Closed windows for the drift watchers.</b> When stream time passes a window's end plus
 *       {@code pipeline.grace}, the same punctuator publishes it once more with {@code open} false;
 *       windows are published in window order, so every model's window W is final before any
 *       model's W+1. Later changes republish it, still closed.</li>
 * </ul>
 * Both stores are changelogged, so under exactly-once a change and its mark survive a restart together.
 */
public final class LiveStatsProcessor implements Processor<String, StatsPartial, String, ModelStats> {

    /** Per app/task/model and window start: the statistics so far. */
    public static final String WINDOWS_STORE = "scorer-model-stats";
    /** Per published key: true when the window changed since it was last published; kept until the window closes. */
    public static final String PENDING_STORE = "scorer-model-stats-pending";

    private static final long NONE = Long.MIN_VALUE;
    private static final Logger LOG = LoggerFactory.getLogger(LiveStatsProcessor.class);

    private final long windowMs;
    private final long graceMs;
    private final long retentionMs;
    private final Duration publishInterval;
    /** How often the punctuator looks: a twentieth of the publish interval. */
    private final Duration tick;
    private ProcessorContext<String, ModelStats> context;
    private WindowStore<String, StatsAccumulator> windows;
    private KeyValueStore<String, Boolean> pending;
    /**
     * The newest event time of the partials this processor has seen: its own stream time, which
     * closes windows. Not the task's, which in a test driver also counts other sub-topologies' inputs.
     * After a restart, windows close again from the first partial on.
     */
    private long streamTime = Long.MIN_VALUE;
    /** Whether a record arrived since the last round: only a record changes a window or stream time. */
    private boolean dirty = true;
    /** Wall-clock time of this task's last round that published anything. */
    private long lastRound = Long.MIN_VALUE / 2;
    /** Whether a change arrived at least half an interval after the last round (see {@link #onTick}). */
    private boolean triggered;
    /** Wall-clock time of the oldest change not yet in a round, or {@link #NONE}. */
    private long changedSince = NONE;
    /** Wall-clock time at which {@link #triggered} was set, and of the latest change. */
    private long triggeredAt;
    private long lastChange;
    /** True until the first tick after {@link #init}. */
    private boolean restored;
    private Visibility visibility;
    /**
     * The accumulators of the windows changed since their last publication, as last written to
     * {@value #WINDOWS_STORE}, by window: every partial merges into one, and reading it back from the
     * store (the record cache's bytes, deserialised, its histogram boxed bucket by bucket) for each
     * cost as much as the rest of this processor. Also says that the window's pending mark is set
     * already. The store stays the truth and is still written per partial (a commit may come after
     * any record), so this only saves reads; cleared in {@link #init} (a task revived after a failed
     * transaction has its stores restored and is initialised again) and emptied by every round.
     */
    private final Map<Window, StatsAccumulator> changed = new HashMap<>();

    private LiveStatsProcessor(PipelineConfig pipeline) {
        this.windowMs = pipeline.window().toMillis();
        this.graceMs = pipeline.grace().toMillis();
        this.retentionMs = retention(pipeline).toMillis();
        this.publishInterval = pipeline.publishInterval();
        this.tick = tick(publishInterval);
    }

    /** A twentieth of the publish interval, at least a millisecond. */
    static Duration tick(Duration publishInterval) {
        Duration tick = publishInterval.dividedBy(20);
        return tick.isZero() ? Duration.ofMillis(1) : tick;
    }

    /** The processor with its two stores. */
    public static ProcessorSupplier<String, StatsPartial, String, ModelStats> supplier(PipelineConfig pipeline) {
        StoreBuilder<WindowStore<String, StatsAccumulator>> windowStore = Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(WINDOWS_STORE, retention(pipeline), pipeline.window(), false),
                        Serdes.String(), new StatsAccumulatorSerde())
                // every partial updates its window: the cache absorbs the updates between commits
                .withCachingEnabled();
        StoreBuilder<KeyValueStore<String, Boolean>> pendingStore = Stores.keyValueStoreBuilder(
                        // small: the windows changed within one interval and those not closed yet
                        Stores.inMemoryKeyValueStore(PENDING_STORE), Serdes.String(), Serdes.Boolean())
                .withCachingEnabled();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, StatsPartial, String, ModelStats> get() {
                return new LiveStatsProcessor(pipeline);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(windowStore, pendingStore);
            }
        };
    }

    /** How long, in stream time, a window is kept: as long as a call or a grade may still change it. */
    static Duration retention(PipelineConfig pipeline) {
        return pipeline.window().plus(pipeline.grace()).plus(pipeline.evaluationHorizon());
    }

    @Override
    public void init(ProcessorContext<String, ModelStats> context) {
        this.context = context;
        this.windows = context.getStateStore(WINDOWS_STORE);
        this.pending = context.getStateStore(PENDING_STORE);
        this.visibility = Visibility.ofThisThread();
        this.dirty = true;
        this.lastRound = Long.MIN_VALUE / 2;
        // after a restart: a round at the first tick, for what the stores hold
        this.restored = true;
        this.triggered = false;
        this.triggeredAt = Long.MIN_VALUE / 2;
        this.lastChange = Long.MIN_VALUE / 2;
        this.changedSince = NONE;
        changed.clear();
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    @Override
    public void process(Record<String, StatsPartial> record) {
        streamTime = Math.max(streamTime, record.timestamp());
        long start = record.timestamp() - Math.floorMod(record.timestamp(), windowMs);
        if (start + retentionMs <= streamTime) {
            // The score processor sends evaluations this late to the dead-letter topic; a call this far
            // behind (a catch-up longer than the horizon) is scored, but its window is gone.
            LOG.warn("not counting changes to {} in the window starting {}: it is more than {} behind stream time",
                    record.key(), Instant.ofEpochMilli(start), Duration.ofMillis(retentionMs));
            return;
        }
        Window window = new Window(record.key(), start);
        StatsAccumulator acc = changed.get(window);
        if (acc == null) {
            acc = windows.fetch(record.key(), start);
            acc = acc == null ? new StatsAccumulator() : acc;
            changed.put(window, acc);
            pending.put(ModelStats.topicKey(ModelKey.parse(record.key()), Instant.ofEpochMilli(start)), Boolean.TRUE);
        }
        windows.put(record.key(), acc.merge(record.value().stats()), start);
        dirty = true;
        long now = context.currentSystemTimeMs();
        if (changedSince == NONE) {
            changedSince = now;
        }
        lastChange = now;
        if (!triggered && now - lastRound >= publishInterval.toMillis() / 2) {
            triggered = true;
            triggeredAt = now;
        }
    }

    /**
     * A round when one is due, then the thread's commit when its first uncommitted round is a tick
     * old. A round is due when something changed and either a change arrived at least half an
     * interval after the last round and the batch it came with is worked off (no change for a tick,
     * or four ticks since it arrived), or the oldest change not yet published has waited an interval.
     *
     * <p>Why: partials arrive in batches, one per commit of the scoring tasks (read_committed).
     * The commit after a round also commits what the scoring tasks did in the meantime, so a small
     * batch arrives just after each round, and the main batch after the next regular commit, about
     * an interval after the last one. The main batch triggers a round as soon as it is worked off
     * (a round in the middle of it would leave its rest waiting an interval), and takes the small one
     * along. Rounds stay at least half an interval apart: about one per interval under steady
     * traffic, whose main batches come with the regular commits.
     */
    private void onTick(long now) {
        long tickMs = tick.toMillis();
        boolean batchDone = now - lastChange >= tickMs || now - triggeredAt >= 4 * tickMs;
        if (dirty && (restored || (triggered && batchDone)
                || (changedSince != NONE && now - changedSince >= publishInterval.toMillis()))) {
            restored = false;
            triggered = false;
            changedSince = NONE;
            if (publish()) {
                lastRound = now;
                visibility.published(now);
            }
        }
        if (visibility.commitDue(now, tickMs)) {
            context.commit();
        }
    }

    /**
     * Publishes the windows that changed since the last time, and those that have closed since, in
     * window order; forgets the closed ones. True when anything was published.
     */
    private boolean publish() {
        dirty = false;
        changed.clear();
        boolean published = false;
        List<KeyValue<WindowKey, Boolean>> due = new ArrayList<>();
        try (KeyValueIterator<String, Boolean> it = pending.all()) {
            it.forEachRemaining(entry -> due.add(KeyValue.pair(WindowKey.parse(entry.key), entry.value)));
        }
        due.sort(Comparator.comparing((KeyValue<WindowKey, Boolean> kv) -> kv.key.start())
                .thenComparing(kv -> kv.key.text()));
        for (KeyValue<WindowKey, Boolean> entry : due) {
            WindowKey window = entry.key;
            boolean closed = window.start().toEpochMilli() + windowMs + graceMs <= streamTime;
            if (entry.value || closed) {
                StatsAccumulator acc = windows.fetch(window.model().toString(), window.start().toEpochMilli());
                if (acc != null) {
                    TimeWindow span = new TimeWindow(window.start(), window.start().plusMillis(windowMs));
                    context.forward(new Record<>(window.text(), acc.toModelStats(window.model(), span, !closed),
                            window.start().toEpochMilli()));
                    published = true;
                }
            }
            if (closed) {
                pending.delete(window.text());
            } else if (entry.value) {
                pending.put(window.text(), Boolean.FALSE);
            }
        }
        return published;
    }

    /**
     * When the statistics tasks of one stream thread last published without a commit since. Under
     * exactly-once all tasks of a thread commit in one transaction, so one requested commit a tick
     * after the first uncommitted round covers every task's round of that tick (each task's
     * punctuator runs once per tick), instead of one commit per task. A regular commit in between
     * makes the request redundant, not wrong.
     */
    static final class Visibility {

        private static final ThreadLocal<Visibility> PER_THREAD = ThreadLocal.withInitial(Visibility::new);
        private long uncommittedSince = Long.MIN_VALUE;

        static Visibility ofThisThread() {
            return PER_THREAD.get();
        }

        void published(long now) {
            if (uncommittedSince == Long.MIN_VALUE) {
                uncommittedSince = now;
            }
        }

        /** True once, a tick after the first round not yet committed: the caller requests the commit. */
        boolean commitDue(long now, long tickMs) {
            if (uncommittedSince == Long.MIN_VALUE || now - uncommittedSince < tickMs) {
                return false;
            }
            uncommittedSince = Long.MIN_VALUE;
            return true;
        }
    }

    /** A model's window: {@code app/task/model} and the window's start. */
    private record Window(String model, long start) {
    }

    /** A published key, {@code app/task/model/window-start}, and its parts. */
    private record WindowKey(String text, ModelKey model, Instant start) {

        static WindowKey parse(String text) {
            int slash = text.lastIndexOf('/');
            return new WindowKey(text, ModelKey.parse(text.substring(0, slash)), Instant.parse(text.substring(slash + 1)));
        }
    }
}
