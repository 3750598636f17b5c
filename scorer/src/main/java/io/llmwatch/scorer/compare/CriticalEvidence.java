package io.llmwatch.scorer.compare;

import io.llmwatch.config.CriticalDimensions;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.DimensionComparison;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.stats.SequentialEvidence;
import io.llmwatch.stats.Shift;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The paired evidence of one {@code app/task/candidate} on each critical dimension of its task
 * (docs/dimensions.md#critical-dimensions), kept next to the composite's {@link ComparisonState}:
 * one {@link SequentialEvidence} per dimension — the same confidence sequence, change detector and
 * error spending as the composite's, over that dimension's deltas.
 *
 * <p><b>Why each runs at the task's full {@code alpha}.</b> A candidate is recommended only when the
 * composite <em>and</em> every critical dimension are shown non-inferior: the null hypothesis is the
 * union "inferior on at least one", rejected only when each of its parts is rejected. By the
 * intersection–union principle (R. L. Berger, "Multiparameter hypothesis testing and acceptance
 * sampling", Technometrics 24(4), 1982, 295–300) such a test has level {@code alpha} when each part
 * has level {@code alpha}: a false recommendation needs the one true inferiority to be falsely
 * rejected. No Bonferroni split is needed, and adding a critical dimension never makes the
 * composite's evidence slower.
 *
 * <p>Mutable; one per key in {@link ComparisonTopology#CRITICAL_STORE}.
 */
final class CriticalEvidence {

    String incumbent;
    final Map<String, SequentialEvidence> byDimension;

    CriticalEvidence(String incumbent, Map<String, SequentialEvidence> byDimension) {
        this.incumbent = incumbent;
        this.byDimension = new TreeMap<>(byDimension);
    }

    static CriticalEvidence against(String incumbent) {
        return new CriticalEvidence(incumbent, Map.of());
    }

    /**
     * Folds the deltas of {@code result}'s judgement on the task's critical dimensions; evidence on a
     * dimension no longer critical is dropped.
     *
     * @return the dimensions whose change detector saw a fall: their verdict is revoked, their evidence started afresh
     */
    List<String> add(ReplayResult result, TaskConfig task) {
        CriticalDimensions critical = task.criticalOrNone();
        byDimension.keySet().retainAll(critical.names());
        List<String> alarms = new ArrayList<>();
        Map<String, Double> deltas = result.judgement() == null ? null : result.judgement().dimensions();
        if (deltas == null) {
            return alarms;
        }
        for (String dimension : critical.names()) {
            Double delta = deltas.get(dimension);
            if (delta == null) {
                continue;
            }
            SequentialEvidence evidence = byDimension.computeIfAbsent(dimension, d -> new SequentialEvidence(task.alphaOrDefault()));
            // only a fall revokes; a rise restarts the estimate and keeps the verdict (SequentialEvidence)
            if (evidence.add(delta) && evidence.lastShift() == Shift.DOWN) {
                alarms.add(dimension);
            }
        }
        return alarms;
    }

    /** Where the evidence on each critical dimension of {@code task} stands, in the task's order. */
    List<DimensionComparison> summarize(TaskConfig task) {
        CriticalDimensions critical = task.criticalOrNone();
        double taskMargin = task.marginOrDefault();
        List<DimensionComparison> summaries = new ArrayList<>();
        for (String dimension : critical.names()) {
            double margin = critical.margin(dimension, taskMargin);
            SequentialEvidence evidence = byDimension.get(dimension);
            if (evidence == null) {
                summaries.add(new DimensionComparison(dimension, margin, 0, null, null, null, EvidenceState.ACCUMULATING,
                        0, null));
                continue;
            }
            boolean any = evidence.n() > 0;
            summaries.add(new DimensionComparison(dimension, margin, evidence.n(),
                    any ? evidence.current().mean() : null, any ? evidence.current().anytimeInterval() : null,
                    any ? evidence.verdict(margin) : null, evidence.state(margin), evidence.restarts(),
                    evidence.lastAlarm()));
        }
        return summaries;
    }
}
