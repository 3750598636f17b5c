package io.llmwatch.scorer.compare;

import io.llmwatch.config.CriticalDimensions;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DimensionComparison;
import io.llmwatch.event.ReplayResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The comparison processor's part for critical dimensions (docs/dimensions.md#critical-dimensions):
 * folds each candidate replay's per-dimension deltas into its {@link CriticalEvidence} (store
 * {@value ComparisonTopology#CRITICAL_STORE}, keyed {@code app/task/candidate}) and adds the
 * evidence, and what blocks the candidate, to the comparison it publishes. Against another
 * incumbent the evidence starts afresh, as the composite's does.
 */
final class CriticalComparisons {

    private static final Logger LOG = LoggerFactory.getLogger(CriticalComparisons.class);

    private final KeyValueStore<String, CriticalEvidence> store;

    CriticalComparisons(KeyValueStore<String, CriticalEvidence> store) {
        this.store = store;
    }

    /**
     * Folds the result of a task with critical dimensions; nothing is stored for the others.
     *
     * @return true when a critical dimension's change detector raised an alarm
     */
    boolean add(String key, ReplayResult result, TaskConfig task) {
        CriticalEvidence stored = store.get(key);
        if (task.criticalOrNone().names().isEmpty()) {
            if (stored != null) {
                store.delete(key);
            }
            return false;
        }
        CriticalEvidence evidence = stored == null || !result.incumbent().equals(stored.incumbent)
                ? CriticalEvidence.against(result.incumbent()) : stored;
        List<String> alarms = evidence.add(result, task);
        store.put(key, evidence);
        alarms.forEach(dimension -> LOG.info("{}: change alarm on critical dimension {}, its evidence restarted: {}", key,
                dimension, evidence.byDimension.get(dimension).lastAlarm()));
        return !alarms.isEmpty();
    }

    /**
     * {@code comparison} with the evidence on each critical dimension of {@code task}, and its summary
     * saying which keep the candidate from being recommended.
     */
    Comparison attach(String key, TaskConfig task, Comparison comparison) {
        CriticalDimensions critical = task.criticalOrNone();
        if (critical.names().isEmpty()) {
            return comparison;
        }
        CriticalEvidence evidence = store.get(key);
        if (evidence == null || !evidence.incumbent.equals(comparison.incumbent())) {
            evidence = CriticalEvidence.against(comparison.incumbent());
        }
        List<DimensionComparison> dimensions = evidence.summarize(task);
        List<String> blocking = new ArrayList<>();
        for (DimensionComparison dimension : dimensions) {
            String reason = dimension.blockingReason(dimension.margin());
            if (reason != null) {
                blocking.add(reason);
            }
        }
        Comparison withCritical = comparison.withCritical(dimensions);
        return blocking.isEmpty() ? withCritical.withSummary(comparison.summary() + "; non-inferior on every critical dimension")
                : withCritical.withSummary(comparison.summary() + "; not recommendable: " + String.join("; ", blocking));
    }
}
