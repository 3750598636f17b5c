package io.llmwatch.drift.topology;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.config.TaskSettings;
import io.llmwatch.drift.recommend.Choice;
import io.llmwatch.drift.recommend.Hysteresis;
import io.llmwatch.drift.recommend.ModelFigures;
import io.llmwatch.drift.recommend.PairedEvidence;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.TaskKey;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.streams.ControlTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the optimal model of each task, one window at a time. Input, keyed {@code app/task}: final
 * per-window {@link ModelStats} of every model of the task, and the latest {@link Comparison} of each
 * candidate with the incumbent. Comparisons are kept as they arrive; the statistics of a window are
 * collected until those of a newer window arrive; then the collected window is final and is decided
 * on the comparisons known at that moment: a recommendation for every decided window, and an alert
 * when the hysteresis accepts a change. Statistics of an already decided window arrive too late and
 * are dropped, which also makes a replay of already processed input harmless.
 */
final class OptimumProcessor implements Processor<String, DetectorInput, String, Decision> {

    private static final Logger LOG = LoggerFactory.getLogger(OptimumProcessor.class);

    private final LlmwatchConfig config;
    private final String storeName;
    private final PairedEvidence recommender = new PairedEvidence();
    private ProcessorContext<String, Decision> context;
    private KeyValueStore<String, TaskState> store;
    private TaskSettings settings;

    OptimumProcessor(LlmwatchConfig config, String storeName) {
        this.config = config;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, Decision> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.settings = ControlTable.taskSettings(context, config);
    }

    @Override
    public void process(Record<String, DetectorInput> record) {
        TaskState state = store.get(record.key());
        if (state == null) {
            state = TaskState.EMPTY;
        }
        DetectorInput input = record.value();
        TaskState next = input.comparison() != null ? remember(state, input.comparison())
                : collect(state, record.withValue(input.stats()));
        if (next != state) {
            store.put(record.key(), next);
        }
    }

    /** Keeps a candidate's latest comparison; an older one (re-delivered after a restart) changes nothing. */
    private static TaskState remember(TaskState state, Comparison comparison) {
        Comparison known = state.comparisons().get(comparison.candidate());
        boolean older = known != null && known.incumbent().equals(comparison.incumbent())
                && (comparison.replays() < known.replays()
                        || comparison.replays() == known.replays() && comparison.updatedAt().isBefore(known.updatedAt()));
        return older ? state : state.with(comparison);
    }

    private TaskState collect(TaskState state, Record<String, ModelStats> record) {
        ModelStats stats = record.value();
        Instant start = stats.window().start();
        WindowStats collecting = state.collecting();
        // every window before the one being collected has been decided (or skipped over) already
        if (collecting != null && start.isBefore(collecting.window().start())) {
            LOG.debug("dropping statistics of {} for window {}: a later window is already being collected",
                    stats.key(), stats.window());
            return state;
        }
        if (collecting == null) {
            return state.collecting(WindowStats.of(stats));
        }
        if (start.equals(collecting.window().start())) {
            return state.collecting(collecting.with(stats));
        }
        return decide(stats.key().task(), state, record);
    }

    /**
     * The collected window is final: decides it, forwards the outcome, and starts collecting the
     * window of {@code trigger}.
     */
    private TaskState decide(TaskKey task, TaskState state, Record<String, ModelStats> trigger) {
        WindowStats window = state.collecting();
        List<WindowStats> decided = horizon(state.decided(), window);
        TaskConfig taskSettings = settings.forTask(task);
        Map<String, ModelFigures> figures = merge(decided);
        String incumbent = incumbent(taskSettings, figures);
        Choice choice = recommender.choose(incumbent, figures.get(incumbent),
                relevant(state.comparisons(), incumbent, taskSettings), taskSettings);
        // A new incumbent (set live, or first seen) starts the optimum afresh, without an alert.
        Hysteresis before = state.optimum() != null && incumbent.equals(state.incumbent()) ? state.optimum()
                : Hysteresis.startingFrom(incumbent);
        int requiredWindows = config.pipeline().hysteresisWindows();
        Hysteresis.Step step = before.next(choice.best(), choice.eligible(before.accepted()), requiredWindows);
        TimeWindow horizon = new TimeWindow(decided.get(0).window().start(), window.window().end());
        WindowDecision decision = new WindowDecision(task, window.window(), horizon, taskSettings, figures, choice,
                step, requiredWindows);

        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        decision.change().map(change -> change.toAlert(now)).ifPresent(alert -> {
            LOG.info("{}", alert.summary());
            context.forward(trigger.withKey(alert.alertId()).withValue(Decision.of(alert)));
        });
        context.forward(trigger.withKey(task.toString()).withValue(Decision.of(decision.recommendation(now))));
        return new TaskState(WindowStats.of(trigger.value()), decided, step.state(), incumbent, state.comparisons());
    }

    /**
     * The task's reference (its {@code reference}, else its configured incumbent), which stays the
     * yardstick after production moves to a cheaper model, so that switches cannot creep; without
     * either, the model that served most calls over the horizon.
     */
    private static String incumbent(TaskConfig settings, Map<String, ModelFigures> figures) {
        if (settings.referenceModel() != null) {
            return settings.referenceModel();
        }
        return figures.values().stream()
                .max(Comparator.comparingLong(ModelFigures::calls).thenComparing(ModelFigures::model))
                .map(ModelFigures::model)
                .orElseThrow();
    }

    /** Comparisons with this incumbent, of the candidates configured now (all, when none are configured). */
    private static List<Comparison> relevant(Map<String, Comparison> comparisons, String incumbent, TaskConfig settings) {
        List<String> candidates = settings.candidates();
        return comparisons.values().stream()
                .filter(c -> c.incumbent().equals(incumbent))
                .filter(c -> candidates == null || candidates.isEmpty() || candidates.contains(c.candidate()))
                .toList();
    }

    /**
     * The decided windows the optimum is judged on: the newly final one and those before it that
     * started within {@code horizon_windows} window lengths of its end, so that a gap in traffic
     * does not drag old windows in.
     */
    private List<WindowStats> horizon(List<WindowStats> previous, WindowStats latest) {
        Duration length = Duration.between(latest.window().start(), latest.window().end());
        Instant earliest = latest.window().end().minus(length.multipliedBy(config.pipeline().horizonWindows()));
        List<WindowStats> kept = new ArrayList<>();
        for (WindowStats window : previous) {
            if (!window.window().start().isBefore(earliest)) {
                kept.add(window);
            }
        }
        kept.add(latest);
        return kept;
    }

    private static Map<String, ModelFigures> merge(List<WindowStats> windows) {
        Map<String, List<ModelStats>> byModel = new TreeMap<>();
        for (WindowStats window : windows) {
            window.models().forEach((model, stats) -> byModel.computeIfAbsent(model, m -> new ArrayList<>()).add(stats));
        }
        Map<String, ModelFigures> figures = new HashMap<>();
        byModel.forEach((model, stats) -> figures.put(model, ModelFigures.merge(model, stats)));
        return figures;
    }
}
