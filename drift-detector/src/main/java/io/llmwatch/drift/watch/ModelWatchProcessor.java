package io.llmwatch.drift.watch;

import io.llmwatch.config.AlertsConfig;
import io.llmwatch.config.LiveOverlay;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.config.TaskSettings;
import io.llmwatch.drift.watch.MetricWatch.Outcome;
import io.llmwatch.drift.watch.MetricWatch.Step;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.ModelStats;
import io.llmwatch.json.JsonSerde;
import io.llmwatch.price.LivePrices;
import io.llmwatch.price.ModelPrice;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.streams.ControlTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Watches every model of every task, one final {@link ModelStats} window at a time: quality, cost
 * per call, p95 latency and error rate, each with its own {@link MetricWatch} (a Page-Hinkley
 * detector, a band and a confirmation count), and whether its prices are unknown or stale
 * ({@link PriceWatch}). Windows are pooled per figure until they cover {@code alerts.min_calls}
 * calls. Out: alert drafts keyed {@code app/task}, for the alert lifecycle: {@code firing} when a
 * condition fires and while it holds, {@code resolved} when it clears.
 *
 * <p>State per {@code app/task/model} lives in the persistent store {@value #STORE}; statistics of
 * a window at or before the latest observed one are ignored, so re-delivered input changes nothing.
 * The task's margin (the default quality band) is read live from {@code llmwatch.control}.
 */
public final class ModelWatchProcessor implements Processor<String, ModelStats, String, DriftAlert> {

    /** Per {@code app/task/model}: pools, detectors and conditions. */
    public static final String STORE = "drift-watch-models";

    static final List<WatchedMetric> FIGURES =
            List.of(WatchedMetric.QUALITY, WatchedMetric.COST, WatchedMetric.LATENCY, WatchedMetric.ERROR_RATE);

    private final LlmwatchConfig config;
    private final AlertsConfig alerts;
    private final PriceCatalog catalog;
    private ProcessorContext<String, DriftAlert> context;
    private KeyValueStore<String, ModelWatch> store;
    private TaskSettings settings;
    private LivePrices livePrices;

    private ModelWatchProcessor(LlmwatchConfig config, PriceCatalog catalog) {
        this.config = config;
        this.alerts = config.alerts();
        this.catalog = catalog;
    }

    /** The processor with its store. */
    public static ProcessorSupplier<String, ModelStats, String, DriftAlert> supplier(LlmwatchConfig config,
            PriceCatalog catalog) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ModelStats, String, DriftAlert> get() {
                return new ModelWatchProcessor(config, catalog);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        JsonSerde.of(ModelWatch.class)));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, DriftAlert> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.settings = ControlTable.taskSettings(context, config);
        this.livePrices = new LivePrices(catalog, ControlTable.lookup(context));
    }

    @Override
    public void process(Record<String, ModelStats> record) {
        ModelStats stats = record.value();
        String key = stats.key().toString();
        ModelWatch state = store.get(key);
        if (state == null) {
            state = ModelWatch.NEW;
        }
        if (state.lastWindow() != null && !stats.window().start().isAfter(state.lastWindow())) {
            return;
        }
        TaskConfig task = settings.forTask(stats.key().task());
        double margin = task.margin() != null ? task.margin() : TaskConfig.BUILT_IN.margin();
        List<DriftAlert> drafts = new ArrayList<>();
        Map<WatchedMetric, Pool> pools = new EnumMap<>(WatchedMetric.class);
        pools.putAll(state.pools());
        Map<WatchedMetric, MetricWatch> watches = new EnumMap<>(WatchedMetric.class);
        watches.putAll(state.watches());
        for (WatchedMetric metric : FIGURES) {
            double band = metric.band(alerts, margin);
            Optional<Step> observed = observe(metric, stats, alerts, band, pools, watches);
            if (observed.isEmpty()) {
                continue;
            }
            Step step = observed.get();
            CostCause cause = metric == WatchedMetric.COST && step.outcome() != Outcome.QUIET ? costCause(stats, step) : null;
            new DriftDraft(metric, stats.key(), step, band, alerts.confirmWindows(), cause).draft().ifPresent(drafts::add);
        }
        int maxAgeDays = config.prices().maxAgeDays();
        PriceCheck check = PriceCheck.of(stats, catalog, livePrices.entry(stats.model()).isPresent(), maxAgeDays);
        PriceWatch.Step price = state.price().observe(check, stats.window().start(), stats.window().end(),
                alerts.confirmWindows());
        new PriceDraft(stats.key(), price, stats.window(), catalog, maxAgeDays).draft().ifPresent(drafts::add);
        store.put(key, new ModelWatch(stats.window().start(), pools, watches, price.next()));
        String taskKey = stats.key().task().toString();
        drafts.forEach(draft -> context.forward(record.withKey(taskKey).withValue(draft)));
    }

    /**
     * One figure of one window: adds the window to the figure's pool and, once the pool covers
     * {@code alerts.min_calls} calls, observes it as one sample. Updates {@code pools} and
     * {@code watches}; empty when nothing was observed.
     */
    static Optional<Step> observe(WatchedMetric metric, ModelStats stats, AlertsConfig alerts, double band,
            Map<WatchedMetric, Pool> pools, Map<WatchedMetric, MetricWatch> watches) {
        Optional<Pool.Contribution> contribution = contribution(metric, stats);
        if (contribution.isEmpty()) {
            return Optional.empty();
        }
        Pool known = pools.remove(metric);
        Pool pool = known == null ? Pool.of(contribution.get()) : known.plus(contribution.get());
        if (pool.n() < alerts.minCalls()) {
            pools.put(metric, pool);
            return Optional.empty();
        }
        Sample sample = pool.sample(metric);
        if (!metric.watchable(sample.value())) {
            return Optional.empty();
        }
        MetricWatch.Settings settings = new MetricWatch.Settings(metric.scaledBand(band), alerts.confirmWindows(),
                alerts.detectorDelta(), alerts.detectorLambda());
        Step step = watches.getOrDefault(metric, MetricWatch.NEW).observe(metric, sample, settings);
        watches.put(metric, step.next());
        return Optional.of(step);
    }

    private CostCause costCause(ModelStats stats, Step step) {
        double before = WatchedMetric.COST.unscale(step.reference().value());
        double after = WatchedMetric.COST.unscale(step.run().level().value());
        Optional<LiveOverlay.Entry<ModelPrice>> live = livePrices.entry(stats.model());
        return CostCause.of(before, after, step.reference().tokensPerCall(), step.run().level().tokensPerCall(),
                live.map(LiveOverlay.Entry::key).orElse(null), live.map(LiveOverlay.Entry::source).orElse(null));
    }

    /** A window's share of a figure; empty when the window says nothing about it. */
    static Optional<Pool.Contribution> contribution(WatchedMetric metric, ModelStats s) {
        long tokens = s.inputTokens() + s.outputTokens();
        return switch (metric) {
            case QUALITY -> s.qualityMean() == null || s.qualityN() == 0 ? Optional.empty()
                    : Optional.of(new Pool.Contribution(s.window(), s.qualityN(), s.qualityMean() * s.qualityN(), s.calls(),
                            tokens, null));
            case COST -> s.pricedCalls() == 0 ? Optional.empty()
                    : Optional.of(new Pool.Contribution(s.window(), s.pricedCalls(), s.costSum(), s.calls(), tokens, null));
            case LATENCY -> s.latencyP95Ms() == null || s.calls() == 0 ? Optional.empty()
                    : Optional.of(new Pool.Contribution(s.window(), s.calls(), s.latencyP95Ms() * s.calls(), s.calls(),
                            tokens, s.latency()));
            case ERROR_RATE -> s.calls() == 0 ? Optional.empty()
                    : Optional.of(new Pool.Contribution(s.window(), s.calls(), s.errors(), s.calls(), tokens, null));
        };
    }
}
