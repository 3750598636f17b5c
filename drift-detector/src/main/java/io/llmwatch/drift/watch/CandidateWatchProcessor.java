package io.llmwatch.drift.watch;

import io.llmwatch.config.AlertsConfig;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.config.TaskSettings;
import io.llmwatch.drift.watch.MetricWatch.Step;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.Severity;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.json.JsonSerde;
import io.llmwatch.streams.ControlTable;
import java.time.Instant;
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
 * Watches each candidate's paired delta against the incumbent for a drop ({@code QUALITY_DRIFT},
 * dedup key ending in {@code /paired}): the pairs added between two successive comparisons, pooled
 * until they number {@code alerts.min_calls}, are one sample of a {@link MetricWatch} whose band is
 * the task's margin. A provider update that makes the candidate worse shows here before its
 * cumulative verdict moves. A comparison against another incumbent, or one with fewer pairs than
 * the last (the comparison started over), starts the watch afresh; one without new pairs is ignored.
 */
public final class CandidateWatchProcessor implements Processor<String, Comparison, String, DriftAlert> {

    /** Per {@code app/task/candidate}: the last comparison's sums, the pool and the watch. */
    public static final String STORE = "drift-watch-candidates";

    private final LlmwatchConfig config;
    private final AlertsConfig alerts;
    private ProcessorContext<String, DriftAlert> context;
    private KeyValueStore<String, CandidateWatch> store;
    private TaskSettings settings;

    private CandidateWatchProcessor(LlmwatchConfig config) {
        this.config = config;
        this.alerts = config.alerts();
    }

    /** The processor with its store. */
    public static ProcessorSupplier<String, Comparison, String, DriftAlert> supplier(LlmwatchConfig config) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Comparison, String, DriftAlert> get() {
                return new CandidateWatchProcessor(config);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        JsonSerde.of(CandidateWatch.class)));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, DriftAlert> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.settings = ControlTable.taskSettings(context, config);
    }

    @Override
    public void process(Record<String, Comparison> record) {
        Comparison comparison = record.value();
        if (comparison.n() == 0 || comparison.meanDelta() == null) {
            return;
        }
        String key = comparison.key().toString();
        CandidateWatch state = store.get(key);
        if (state == null || !state.incumbent().equals(comparison.incumbent()) || comparison.n() < state.pairs()) {
            if (state != null && state.watch().run() != null && state.watch().run().firing()) {
                context.forward(record.withKey(comparison.key().task().toString())
                        .withValue(restarted(state, comparison)));
            }
            state = CandidateWatch.against(comparison.incumbent());
        }
        if (comparison.n() == state.pairs()) {
            return;
        }
        TaskConfig task = settings.forTask(comparison.key().task());
        double band = WatchedMetric.PAIRED_QUALITY.band(alerts, task.margin() != null ? task.margin() : comparison.margin());
        Advance advance = advance(state, comparison, alerts, band);
        if (advance.step() != null) {
            new DriftDraft(WatchedMetric.PAIRED_QUALITY, comparison.key(), comparison.incumbent(), advance.step(), band,
                    alerts.confirmWindows(), null).draft()
                    .ifPresent(draft -> context.forward(record.withKey(comparison.key().task().toString()).withValue(draft)));
        }
        store.put(key, advance.next());
    }

    /**
     * The watch after a comparison with new pairs against the same incumbent: the new pairs join the
     * pool, which becomes one sample once it holds {@code alerts.min_calls} pairs.
     *
     * @param next the state to keep
     * @param step what the sample did, or null when the pool is still filling
     */
    record Advance(CandidateWatch next, Step step) {
    }

    static Advance advance(CandidateWatch state, Comparison comparison, AlertsConfig alerts, double band) {
        double sum = comparison.n() * comparison.meanDelta();
        Instant from = state.updatedAt() == null ? comparison.updatedAt() : state.updatedAt();
        Pool.Contribution added = new Pool.Contribution(new TimeWindow(from, comparison.updatedAt()),
                comparison.n() - state.pairs(), sum - state.deltaSum(), 0, 0, null);
        Pool pool = state.pool() == null ? Pool.of(added) : state.pool().plus(added);
        MetricWatch watch = state.watch();
        Step step = null;
        if (pool.n() >= alerts.minCalls()) {
            step = watch.observe(WatchedMetric.PAIRED_QUALITY, pool.sample(WatchedMetric.PAIRED_QUALITY),
                    new MetricWatch.Settings(band, alerts.confirmWindows(), alerts.detectorDelta(), alerts.detectorLambda()));
            watch = step.next();
            pool = null;
        }
        return new Advance(new CandidateWatch(comparison.incumbent(), comparison.n(), sum, comparison.updatedAt(), pool,
                watch), step);
    }

    /**
     * Resolves a firing paired-quality alert whose comparison started over (another incumbent, or
     * statistics restarted because the mean moved): what it was about is no longer measured, and
     * leaving it firing would hold back the next real firing as a mere re-send.
     */
    private static DriftAlert restarted(CandidateWatch state, Comparison comparison) {
        String summary = comparison.key().task() + ": " + comparison.candidate() + "'s paired quality against "
                + state.incumbent() + " is no longer watched: its comparison started over"
                + (state.incumbent().equals(comparison.incumbent()) ? "" : " against " + comparison.incumbent());
        return new DriftAlert(null, null, WatchedMetric.PAIRED_QUALITY.alertType(), Severity.INFO, comparison.app(),
                comparison.taskType(), comparison.candidate(), null,
                new TimeWindow(state.watch().run().since(), comparison.updatedAt()), summary, null,
                DedupKeys.paired(comparison.key()), AlertStatus.RESOLVED);
    }
}
