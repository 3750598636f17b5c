package io.llmwatch.drift.watch;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.config.TaskSettings;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.event.Verdict;
import io.llmwatch.json.JsonSerde;
import io.llmwatch.streams.ControlTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Alerts about a candidate's paired deltas against the incumbent ({@code QUALITY_DRIFT}, dedup key
 * ending in {@code /paired}) from the one alarm that also revokes the candidate's eligibility: one
 * rule, one home (docs/decisions.md).
 *
 * <p>The scorer's change detector on the comparison ({@code SequentialEvidence}: confidence sequences
 * on a geometric grid of start times, Shekhar and Ramdas, "Reducing sequential change detection to
 * sequential estimation", 2023) decides when the deltas' mean fell. It then revokes the verdict and
 * publishes the comparison at once with {@code state: alarmed} and one more restart. That comparison
 * fires the alert here, naming the alarm. The condition holds until the candidate is eligible again
 * (its verdict in force is good enough at the task's margin in force), when it resolves, or until the
 * comparison starts over (another incumbent, or fewer restarts than seen: the scorer's state was
 * reset), when it resolves as no longer watched.
 *
 * <p>A rise of the deltas (the incumbent broke, or the candidate improved) revokes nothing and raises
 * nothing here: an incumbent that breaks is reported once, by its own quality watch
 * ({@link ModelWatchProcessor}), not once per candidate.
 *
 * <p>Why one detector and not two: this used to be a Page-Hinkley watch on the pooled deltas of
 * successive comparisons, beside the scorer's detector. Two detectors on the same deltas report one
 * change twice, at different times, and the one that alerted was not the one the recommendation acted
 * on. The confidence-sequence detector has a controlled false-alarm rate (average run length at least
 * {@code 5 / alpha} pairs; measured far longer, docs/decisions.md), and its delay does not grow with
 * the stable history, so nothing is left for a second one to see.
 */
public final class CandidateWatchProcessor implements Processor<String, Comparison, String, DriftAlert> {

    /** Per {@code app/task/candidate}: the alarms seen and the fall alerted about. */
    public static final String STORE = "drift-watch-candidates";

    /** Names the alarm's detector in the alert's evidence. */
    static final String DETECTOR = "confidence_sequence_change";

    private final LlmwatchConfig config;
    private ProcessorContext<String, DriftAlert> context;
    private KeyValueStore<String, CandidateWatch> store;
    private TaskSettings settings;

    private CandidateWatchProcessor(LlmwatchConfig config) {
        this.config = config;
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
        String key = comparison.key().toString();
        TaskConfig task = settings.forTask(comparison.key().task());
        double margin = task.margin() != null ? task.margin() : comparison.margin();
        Advance advance = advance(store.get(key), comparison, margin);
        for (DriftAlert draft : advance.drafts()) {
            context.forward(record.withKey(comparison.key().task().toString()).withValue(draft));
        }
        store.put(key, advance.next());
    }

    /**
     * The watch after one comparison.
     *
     * @param next   the state to keep
     * @param drafts what to send: nothing, a firing or resolved alert, or both when a comparison that
     *               started over falls at once
     */
    record Advance(CandidateWatch next, List<DriftAlert> drafts) {

        /** Whether a fall fired an alert. */
        boolean fired() {
            return drafts.stream().anyMatch(d -> d.status() == AlertStatus.FIRING);
        }
    }

    /**
     * @param state  the state so far, or null for a comparison not seen before
     * @param margin the task's margin in force
     */
    static Advance advance(CandidateWatch state, Comparison comparison, double margin) {
        List<DriftAlert> drafts = new ArrayList<>();
        if (state == null || !state.incumbent().equals(comparison.incumbent()) || comparison.restarts() < state.restarts()) {
            if (state != null && state.firing()) {
                drafts.add(startedOver(state, comparison));
            }
            state = CandidateWatch.against(comparison.incumbent());
        }
        // A fall revokes the verdict: the comparison is published at once, alarmed, one restart more
        boolean fell = comparison.restarts() > state.restarts() && comparison.state() == EvidenceState.ALARMED;
        CandidateWatch next;
        if (fell) {
            next = new CandidateWatch(comparison.incumbent(), comparison.restarts(), comparison.updatedAt(), comparison.alarm());
            drafts.add(fell(next, comparison));
        } else if (state.firing() && eligible(comparison, margin)) {
            drafts.add(eligibleAgain(state, comparison, margin));
            next = new CandidateWatch(comparison.incumbent(), comparison.restarts(), null, null);
        } else {
            next = new CandidateWatch(comparison.incumbent(), comparison.restarts(), state.since(), state.alarm());
        }
        return new Advance(next, drafts);
    }

    private static boolean eligible(Comparison comparison, double margin) {
        return comparison.confidenceSequence() != null && Verdict.of(comparison.confidenceSequence(), margin).goodEnough();
    }

    /** "…: gpt-4.1-mini's paired quality against gpt-4.1 fell; it is no longer eligible (change alarm after …)". */
    private static DriftAlert fell(CandidateWatch state, Comparison comparison) {
        String summary = comparison.key().task() + ": " + comparison.candidate() + "'s paired quality against "
                + comparison.incumbent() + " fell; it is no longer eligible (change alarm "
                + (state.alarm() == null ? "" : state.alarm()) + ")";
        return draft(comparison, state, summary, AlertStatus.FIRING, Severity.WARNING);
    }

    private static DriftAlert eligibleAgain(CandidateWatch state, Comparison comparison, double margin) {
        String summary = comparison.key().task() + ": " + comparison.candidate() + "'s paired quality against "
                + comparison.incumbent() + " is good enough again: " + comparison.evidenceText(margin);
        return draft(comparison, state, summary, AlertStatus.RESOLVED, Severity.INFO);
    }

    /**
     * Resolves a firing alert whose comparison started over: what it was about is no longer measured,
     * and leaving it firing would hold back the next real firing as a mere re-send.
     */
    private static DriftAlert startedOver(CandidateWatch state, Comparison comparison) {
        String summary = comparison.key().task() + ": " + comparison.candidate() + "'s paired quality against "
                + state.incumbent() + " is no longer watched: its comparison started over"
                + (state.incumbent().equals(comparison.incumbent()) ? "" : " against " + comparison.incumbent());
        return draft(comparison, state, summary, AlertStatus.RESOLVED, Severity.INFO);
    }

    private static DriftAlert draft(Comparison comparison, CandidateWatch state, String summary, AlertStatus status,
            Severity severity) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("metric", "paired_quality");
        details.put("detector", DETECTOR);
        details.put("incumbent", state.incumbent());
        details.put("restarts", comparison.restarts());
        if (state.alarm() != null) {
            details.put("alarm", state.alarm());
        }
        Evidence evidence = new Evidence(comparison.candidate(), null, null, null, null, null, comparison.meanDelta(),
                comparison.confidenceSequence() == null ? null : comparison.confidenceSequence().lower(),
                comparison.confidenceSequence() == null ? null : comparison.confidenceSequence().upper(), comparison.n(),
                null, null, null, null, details);
        return new DriftAlert(null, null, AlertType.QUALITY_DRIFT, severity, comparison.app(), comparison.taskType(),
                comparison.candidate(), null, new TimeWindow(state.since(), comparison.updatedAt()), summary, evidence,
                DedupKeys.paired(comparison.key()), status);
    }
}
