package io.llmwatch.drift.alert;

import io.llmwatch.drift.recommend.Choice;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.Interval;
import io.llmwatch.event.ModelStanding;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TaskKey;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.event.Verdict;
import io.llmwatch.text.Texts;
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
 * @param horizon       the windows the production figures cover
 * @param fromModel     the previously accepted model
 * @param choice        the recommendation that accepted the change; it holds both models' standings
 * @param margin        the margin in force when the change was accepted
 * @param callsPerMonth the task's volume over the horizon, extrapolated to 30 days
 * @param basis         how the optimum was decided
 */
public record OptimalModelChange(
        TaskKey task,
        TimeWindow window,
        TimeWindow horizon,
        String fromModel,
        Choice choice,
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

    public String toModel() {
        return choice.best();
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
        Double before = cost(fromModel);
        Double after = cost(toModel());
        return before == null || after == null ? null : (before - after) * callsPerMonth;
    }

    public DriftAlert toAlert(Instant detectedAt) {
        return new DriftAlert(null, alertId(task, window), AlertType.OPTIMAL_MODEL_CHANGED, severity(),
                task.app(), task.taskType(), toModel(), detectedAt, window, summary(), evidence(), dedupKey(task),
                AlertStatus.FIRING);
    }

    /** The paired evidence behind the change: the new optimum's when it is a candidate, else the old one's. */
    private ModelStanding paired() {
        ModelStanding to = choice.standing(toModel()).orElseThrow();
        return to.role().equals(ModelStanding.CANDIDATE) ? to : choice.standing(fromModel).orElse(to);
    }

    Evidence evidence() {
        ModelStanding paired = paired();
        Interval cs = paired.confidenceSequence();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("basis", basis);
        details.put("margin", margin);
        details.put("incumbent", choice.incumbent());
        details.put("compared_model", paired.model());
        if (paired.verdict() != null) {
            details.put("verdict", paired.verdict().json());
        }
        if (paired.bootstrap() != null) {
            details.put("bootstrap_low", paired.bootstrap().lower());
            details.put("bootstrap_high", paired.bootstrap().upper());
        }
        details.put("from_standing", fromReason());
        details.put("horizon_start", horizon.start().toString());
        details.put("horizon_end", horizon.end().toString());
        return new Evidence(fromModel, toModel(), quality(fromModel), null, quality(toModel()), null,
                paired.meanDelta(), cs == null ? null : cs.lower(), cs == null ? null : cs.upper(), paired.n(),
                cost(fromModel), cost(toModel()), callsPerMonth, projectedMonthlySavings(), details);
    }

    /**
     * One sentence, e.g. "support/summarize-ticket: gpt-4.1-mini is now non-inferior to gpt-4.1
     * (Δ −0.004, 95 % CS [−0.015, +0.007], n=812) at 20 % of gpt-4.1's cost per call; projected
     * saving $1,940/month".
     */
    public String summary() {
        StringBuilder text = new StringBuilder(task.toString()).append(": ");
        ModelStanding to = choice.standing(toModel()).orElseThrow();
        if (to.role().equals(ModelStanding.CANDIDATE)) {
            text.append(to.model()).append(" is now ")
                    .append(to.verdict() == Verdict.BETTER ? "better than " : "non-inferior to ")
                    .append(choice.incumbent()).append(" (Δ ").append(Texts.delta(to.meanDelta())).append(", ")
                    .append(Texts.interval("CS", to.confidenceSequence())).append(", n=").append(Texts.count(to.n()))
                    .append(')');
            if (!fromModel.equals(choice.incumbent())) {
                text.append(", replacing ").append(fromModel).append(severity() == Severity.WARNING
                        ? " (" + fromReason() + ")" : "");
            }
        } else {
            text.append("back to ").append(to.model()).append(": ").append(fromModel).append(" is no longer eligible (")
                    .append(fromReason()).append(')');
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
        Double before = cost(fromModel);
        Double after = cost(toModel());
        if (before == null) {
            return "(cost per call of " + fromModel + " unknown)";
        }
        if (after == null) {
            return "(cost per call of " + toModel() + " unknown)";
        }
        if (before == 0) {
            return "at " + Texts.usd(after) + " per call against " + fromModel + "'s $0";
        }
        return "at " + Math.round(100 * after / before) + " % of " + fromModel + "'s cost per call";
    }

    private Double cost(String model) {
        return choice.standing(model).map(ModelStanding::costPerCall).orElse(null);
    }

    private Double quality(String model) {
        return choice.standing(model).map(ModelStanding::qualityMean).orElse(null);
    }

    private String fromReason() {
        return choice.standing(fromModel).map(ModelStanding::reason)
                .orElse("no evidence about it in the last " + Texts.duration(horizon));
    }
}
