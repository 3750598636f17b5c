package io.llmwatch.drift.watch;

import io.llmwatch.config.CriticalDimensions;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.config.TaskSettings;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.Comparison;
import io.llmwatch.event.DimensionComparison;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.EvidenceState;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.event.Verdict;
import io.llmwatch.streams.ControlTable;
import io.llmwatch.text.Texts;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each comparison's evidence on its task's critical dimensions into {@code CRITICAL_DIMENSION}
 * alert drafts (docs/dimensions.md#critical-dimensions), one condition per
 * {@code app/task/candidate/dimension}: <b>firing</b> while the candidate is shown worse on the
 * dimension at its margin in force although non-inferior on the composite (the dimension alone keeps
 * it out: correct answers, wrong reasoning; a candidate worse on the composite too is no news), or
 * while the dimension's change detector has alarmed and the fresh evidence has not decided yet (a
 * candidate that was fine on it may no longer be); <b>resolved</b> once it is shown non-inferior on
 * it again. Anything else says nothing. Stateless: the alert lifecycle sends each condition once and
 * resolves it.
 */
public final class CriticalDimensionWatchProcessor implements Processor<String, Comparison, String, DriftAlert> {

    private final LlmwatchConfig config;
    private ProcessorContext<String, DriftAlert> context;
    private TaskSettings settings;

    public CriticalDimensionWatchProcessor(LlmwatchConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, DriftAlert> context) {
        this.context = context;
        this.settings = ControlTable.taskSettings(context, config);
    }

    @Override
    public void process(Record<String, Comparison> record) {
        Comparison comparison = record.value();
        if (comparison.critical() == null) {
            return;
        }
        TaskConfig task = settings.forTask(comparison.key().task());
        CriticalDimensions critical = task.criticalOrNone();
        double taskMargin = task.marginOrDefault();
        for (DimensionComparison dimension : comparison.critical()) {
            if (!critical.names().contains(dimension.dimension())) {
                continue;
            }
            double margin = critical.margin(dimension.dimension(), taskMargin);
            boolean compositeGoodEnough = comparison.confidenceSequence() != null
                    && Verdict.of(comparison.confidenceSequence(), taskMargin).goodEnough();
            DriftAlert draft = draft(comparison, compositeGoodEnough, dimension, margin);
            if (draft != null) {
                context.forward(record.withKey(comparison.key().task().toString()).withValue(draft));
            }
        }
    }

    /** The draft the dimension's evidence calls for at {@code margin}, or null when it says nothing. */
    static DriftAlert draft(Comparison c, boolean compositeGoodEnough, DimensionComparison dimension, double margin) {
        Verdict verdict = dimension.verdictAt(margin);
        boolean alarmed = dimension.state() == EvidenceState.ALARMED && verdict == Verdict.INCONCLUSIVE;
        AlertStatus status;
        String summary;
        String where = c.app() + "/" + c.taskType() + ": " + c.candidate();
        if (verdict == Verdict.WORSE && compositeGoodEnough) {
            status = AlertStatus.FIRING;
            summary = where + " qualifies against " + c.incumbent() + " on the composite but is worse on critical"
                    + " dimension " + dimension.dimension() + ", so it cannot be recommended: "
                    + dimension.blockingReason(margin);
        } else if (alarmed) {
            status = AlertStatus.FIRING;
            summary = where + "'s " + dimension.dimension() + " against " + c.incumbent()
                    + " moved; it cannot be recommended until shown non-inferior on it again: "
                    + dimension.blockingReason(margin);
        } else if (verdict.goodEnough()) {
            status = AlertStatus.RESOLVED;
            summary = where + (verdict == Verdict.BETTER ? " is better than " : " is non-inferior to ") + c.incumbent()
                    + " on critical dimension " + dimension.dimension() + " again at margin " + Texts.number(margin)
                    + " (Δ " + Texts.delta(dimension.meanDelta()) + ", "
                    + Texts.interval("CS", dimension.confidenceSequence()) + ", n=" + Texts.count(dimension.n()) + ")";
        } else {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dimension", dimension.dimension());
        details.put("margin", margin);
        details.put("verdict", verdict.json());
        if (dimension.state() != null) {
            details.put("state", dimension.state().json());
        }
        details.put("restarts", dimension.restarts());
        if (dimension.alarm() != null) {
            details.put("alarm", dimension.alarm());
        }
        Evidence evidence = new Evidence(c.incumbent(), c.candidate(), null, null, null, null, dimension.meanDelta(),
                dimension.confidenceSequence() == null ? null : dimension.confidenceSequence().lower(),
                dimension.confidenceSequence() == null ? null : dimension.confidenceSequence().upper(), dimension.n(),
                null, null, null, null, details);
        return new DriftAlert(null, null, AlertType.CRITICAL_DIMENSION, Severity.WARNING, c.app(), c.taskType(),
                c.candidate(), null, new TimeWindow(c.updatedAt(), c.updatedAt()), summary, evidence,
                DedupKeys.critical(c.key(), dimension.dimension()), status);
    }
}
