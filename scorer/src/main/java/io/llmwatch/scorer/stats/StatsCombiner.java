package io.llmwatch.scorer.stats;

import io.llmwatch.config.PipelineConfig;
import io.llmwatch.event.DimensionStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;
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

/**
 * Combines the statistics contributions of a scoring task per {@code app/task/model} and window before
 * they cross the statistics repartition (a map-side combine): the topic then carries about one
 * {@link StatsPartial} per model, window and tick instead of one record per call, and the statistics
 * task merges one partial instead of folding each call.
 *
 * <p><b>Exactly-once.</b> Kafka Streams may commit after any record (regularly, on request, on a
 * rebalance, at shutdown) and has no hook for a processor's own memory, so contributions held only
 * in memory across a commit would be lost by a crash after it. The partials therefore live in the
 * changelogged store {@value #PARTIALS_STORE}: every contribution is written to it (into the record
 * cache, so that the many writes of a key between two commits become one changelog record), and a
 * wall-clock punctuator forwards every partial and deletes it, in the same transaction. A crash
 * before the commit aborts both the forwards and the store's changelog records: the store is restored
 * to the last commit and the inputs since are processed again, once. A task that moves to another
 * instance restores its partials from the changelog and forwards them at its first tick.
 *
 * <p><b>Latency.</b> The punctuator runs every {@code pipeline.publish_interval / 20}, the statistics
 * processor's tick ({@link LiveStatsProcessor#tick}). Streams punctuates before it checks for a
 * commit in each round of its loop, so most contributions are forwarded before the commit that
 * follows them; those that arrive less than a tick before a commit wait for the next one.
 *
 * <p><b>Bounded partials.</b> A partial keeps every dimension its contributions name (the window
 * decides which it keeps, {@link StatsAccumulator#merge}). So that a hostile stream of distinct
 * names cannot grow one beyond any record size, a partial that would exceed {@value
 * #MAX_PARTIAL_DIMENSIONS} dimensions is forwarded first and a new one begun.
 */
public final class StatsCombiner implements Processor<String, StatsContribution, String, StatsPartial> {

    /** Per window start and {@code app/task/model}: the contributions combined since the last forward. */
    public static final String PARTIALS_STORE = "scorer-stats-partials";
    /** The most dimensions a partial grows to before it is forwarded early. */
    static final int MAX_PARTIAL_DIMENSIONS = 4 * DimensionStats.MAX_DIMENSIONS;
    /** How often the store's changelog rolls a segment, which the log cleaner may then compact. */
    private static final Duration CHANGELOG_SEGMENT = Duration.ofMinutes(10);

    private final long windowMs;
    private final Duration tick;
    private ProcessorContext<String, StatsPartial> context;
    private KeyValueStore<String, StatsPartial> partials;
    /**
     * The partials written to the store since the last forward, as written, with their store keys:
     * saves reading each back from the record cache (deserialising its histogram), and formatting its
     * key, for every contribution. The store stays the truth; cleared in {@link #init} (a task revived
     * after a failed transaction is restored and initialised again) and by every forward.
     */
    private final Map<Window, Current> current = new HashMap<>();
    /** Whether the store may hold partials {@link #current} does not know: restored ones, until the first tick. */
    private boolean restored;

    private StatsCombiner(PipelineConfig pipeline) {
        this.windowMs = pipeline.window().toMillis();
        this.tick = LiveStatsProcessor.tick(pipeline.publishInterval());
    }

    /** The processor with its store. */
    public static ProcessorSupplier<String, StatsContribution, String, StatsPartial> supplier(PipelineConfig pipeline) {
        StoreBuilder<KeyValueStore<String, StatsPartial>> store = Stores.keyValueStoreBuilder(
                        // small: the models and windows that changed within one tick
                        Stores.inMemoryKeyValueStore(PARTIALS_STORE), Serdes.String(), new StatsPartialSerde())
                // every contribution rewrites its partial: the cache makes that one changelog record per commit
                .withCachingEnabled()
                // and every partial is deleted a tick after it is written, under a new key each window: roll
                // the changelog's segments often, so that the cleaner keeps what a restore replays small
                .withLoggingEnabled(Map.of(
                        TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(CHANGELOG_SEGMENT.toMillis()),
                        TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024)));
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, StatsContribution, String, StatsPartial> get() {
                return new StatsCombiner(pipeline);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, StatsPartial> context) {
        this.context = context;
        this.partials = context.getStateStore(PARTIALS_STORE);
        current.clear();
        restored = true;
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> forwardAll());
    }

    @Override
    public void process(Record<String, StatsContribution> record) {
        long time = record.timestamp();
        Window window = new Window(record.key(), time - Math.floorMod(time, windowMs));
        Current entry = current.get(window);
        String key = entry == null ? window.start() + "/" + window.model() : entry.key();
        StatsPartial partial = entry != null ? entry.partial() : restored ? partials.get(key) : null;
        if (partial != null && partial.stats().dimensionsWith(record.value()) > MAX_PARTIAL_DIMENSIONS) {
            forward(key, partial);
            partial = null;
        }
        partial = partial == null
                ? new StatsPartial(time, new StatsAccumulator().add(record.value()))
                : new StatsPartial(Math.max(partial.latest(), time), partial.stats().add(record.value()));
        current.put(window, new Current(key, partial));
        partials.put(key, partial);
    }

    /** Forwards every partial, in window order, and deletes it. */
    private void forwardAll() {
        if (current.isEmpty() && !restored) {
            return;
        }
        restored = false;
        List<KeyValue<String, StatsPartial>> all = new ArrayList<>();
        try (KeyValueIterator<String, StatsPartial> it = partials.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, StatsPartial> entry : all) {
            forward(entry.key, entry.value);
            partials.delete(entry.key);
        }
        current.clear();
    }

    /** Forwards a partial keyed {@code app/task/model}, stamped with its newest event time. */
    private void forward(String key, StatsPartial partial) {
        context.forward(new Record<>(key.substring(key.indexOf('/') + 1), partial, partial.latest()));
    }

    /** A model's window: {@code app/task/model} and the window's start. */
    private record Window(String model, long start) {
    }

    /** A partial in {@link #current}, and its key in the store, {@code <window start>/<app/task/model>}. */
    private record Current(String key, StatsPartial partial) {
    }
}
