package io.llmwatch.drift.alert;

import io.llmwatch.drift.recommend.Choice;
import io.llmwatch.drift.recommend.ModelFigures;
import io.llmwatch.drift.recommend.Texts;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.ModelStanding;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TaskKey;
import io.llmwatch.event.TimeWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An accepted change of a task's optimal model, and the {@code OPTIMAL_MODEL_CHANGED} alert that
 * reports it.
 *
 * @param task          the task whose optimum changed
 * @param window        the decided window in which the change was accepted
 * @param horizon       the windows the figures cover
 * @param fromModel     the previously accepted model
 * @param from          its figures over the horizon, or null when it had no calls there
 * @param to            the newly accepted model's figures
 * @param choice        the recommendation that accepted the change
 * @param leader        the figures of the model that set the quality bar
 * @param margin        the margin in force when the change was accepted
 * @param callsPerMonth the task's volume over the horizon, extrapolated to 30 days
 * @param basis         how the optimum was decided, e.g. {@code quality_margin_stand_in}
 */
public record OptimalModelChange(
        TaskKey task,
        TimeWindow window,
        TimeWindow horizon,
        String fromModel,
        ModelFigures from,
        ModelFigures to,
        Choice choice,
        ModelFigures leader,
        double margin,
        double callsPerMonth,
        String basis) {

    /** Stable identity of "the optimum of this task changed". */
    public static String dedupKey(TaskKey task) {
        return AlertType.OPTIMAL_MODEL_CHANGED + "/" + task.app() + "/" + task.taskType();
    }

    /**
     * Derived from the dedup key and the window start, so that re-processing a window after a
     * restart produces the same id and consumers can drop the copy.
     */
    public static String alertId(TaskKey task, TimeWindow window) {
        String name = dedupKey(task) + "@" + window.start();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * Info when the change saves money while the old model is still good enough; a warning when the
     * old model stopped being eligible, because then something about it got worse.
     */
    public Severity severity() {
        return choice.eligible(fromModel) ? Severity.INFO : Severity.WARNING;
    }

    /** {@code (cost per call before − after) × calls per month}, or null when either cost is unknown. */
    public Double projectedMonthlySavings() {
        if (from == null || !from.priced() || !to.priced()) {
            return null;
        }
        return (from.costPerCall() - to.costPerCall()) * callsPerMonth;
    }

    public DriftAlert toAlert(Instant detectedAt) {
        return new DriftAlert(null, alertId(task, window), AlertType.OPTIMAL_MODEL_CHANGED, severity(),
                task.app(), task.taskType(), to.model(), detectedAt, window, summary(), evidence(), dedupKey(task),
                AlertStatus.FIRING);
    }

    Evidence evidence() {
        Double fromQuality = from == null ? null : from.qualityMean();
        Double delta = fromQuality == null || to.qualityMean() == null ? null : to.qualityMean() - fromQuality;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("basis", basis);
        details.put("margin", margin);
        if (leader != null) {
            details.put("best_quality_model", leader.model());
            details.put("best_quality", leader.qualityMean());
            details.put("best_quality_n", leader.qualityN());
        }
        details.put("from_standing", fromReason());
        details.put("horizon_start", horizon.start().toString());
        details.put("horizon_end", horizon.end().toString());
        return new Evidence(fromModel, to.model(), fromQuality, from == null ? null : from.qualityN(),
                to.qualityMean(), to.qualityN(), delta, null, null, null,
                from == null ? null : from.costPerCall(), to.costPerCall(), callsPerMonth,
                projectedMonthlySavings(), details);
    }

    /**
     * One sentence, e.g. "support/summarize-ticket: gpt-4.1-mini is now within the 0.02 margin of
     * the best quality (0.912 vs 0.918, n=480/510) at 20 % of gpt-4.1's cost per call; projected
     * saving $1,940/month".
     */
    public String summary() {
        StringBuilder text = new StringBuilder(task.toString()).append(": ");
        if (severity() == Severity.WARNING) {
            text.append(fromModel).append(" is no longer eligible (").append(fromReason()).append("); ")
                    .append(to.model()).append(" is now the recommended model (quality ")
                    .append(Texts.quality(to.qualityMean())).append(", n=").append(to.qualityN()).append(")");
        } else if (leader == null || leader.model().equals(to.model())) {
            text.append(to.model()).append(" now has the best quality (").append(Texts.quality(to.qualityMean()));
            if (from != null && from.qualityMean() != null) {
                text.append(" vs ").append(Texts.quality(from.qualityMean())).append(" for ").append(fromModel)
                        .append(", n=").append(to.qualityN()).append('/').append(from.qualityN());
            } else {
                text.append(", n=").append(to.qualityN());
            }
            text.append(')');
        } else {
            text.append(to.model()).append(" is now within the ").append(Texts.number(margin))
                    .append(" margin of the best quality (").append(Texts.quality(to.qualityMean())).append(" vs ")
                    .append(Texts.quality(leader.qualityMean())).append(", n=").append(to.qualityN()).append('/')
                    .append(leader.qualityN()).append(')');
        }
        text.append(' ').append(costComparison());
        Double savings = projectedMonthlySavings();
        if (savings != null) {
            text.append(savings >= 0 ? "; projected saving " : "; projected extra cost ")
                    .append(Texts.usd(savings)).append("/month");
        }
        return text.toString();
    }

    private String costComparison() {
        if (from == null || !from.priced()) {
            return "(cost per call of " + fromModel + " unknown)";
        }
        if (!to.priced()) {
            return "(cost per call of " + to.model() + " unknown)";
        }
        if (from.costPerCall() == 0) {
            return "at " + Texts.usd(to.costPerCall()) + " per call against " + fromModel + "'s $0";
        }
        return "at " + Math.round(100 * to.costPerCall() / from.costPerCall()) + " % of " + fromModel
                + "'s cost per call";
    }

    private String fromReason() {
        return choice.standing(fromModel).map(ModelStanding::reason)
                .orElse("no calls in the last " + Texts.duration(horizon));
    }
}
