package io.llmwatch.drift.topology;

import io.llmwatch.config.TaskConfig;
import io.llmwatch.drift.alert.OptimalModelChange;
import io.llmwatch.drift.recommend.Choice;
import io.llmwatch.drift.recommend.Hysteresis;
import io.llmwatch.drift.recommend.ModelFigures;
import io.llmwatch.drift.recommend.QualityMarginStandIn;
import io.llmwatch.drift.recommend.Texts;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.TaskKey;
import io.llmwatch.event.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything decided for a task when one window became final: the figures over the horizon, the
 * stand-in's choice, and the hysteresis step.
 *
 * @param horizon         the span of the decided windows the figures cover
 * @param figures         per model, merged over the horizon
 * @param step            the hysteresis step of this window
 * @param requiredWindows K, the windows a change must hold
 */
record WindowDecision(
        TaskKey task,
        TimeWindow window,
        TimeWindow horizon,
        TaskConfig settings,
        Map<String, ModelFigures> figures,
        Choice choice,
        Hysteresis.Step step,
        int requiredWindows) {

    private static final Duration MONTH = Duration.ofDays(30);

    /** Calls of the whole task over the horizon, extrapolated to 30 days. */
    double callsPerMonth() {
        long calls = figures.values().stream().mapToLong(ModelFigures::calls).sum();
        long spanMillis = Duration.between(horizon.start(), horizon.end()).toMillis();
        return spanMillis <= 0 ? 0 : (double) calls * MONTH.toMillis() / spanMillis;
    }

    double margin() {
        return settings.margin() == null ? TaskConfig.BUILT_IN.margin() : settings.margin();
    }

    Optional<OptimalModelChange> change() {
        if (!step.changed()) {
            return Optional.empty();
        }
        String to = step.state().accepted();
        return Optional.of(new OptimalModelChange(task, window, horizon, step.replacedModel(),
                figures.get(step.replacedModel()), figures.get(to), choice,
                choice.qualityLeader() == null ? null : figures.get(choice.qualityLeader()),
                margin(), callsPerMonth(), QualityMarginStandIn.BASIS));
    }

    Recommendation recommendation(Instant computedAt) {
        Hysteresis state = step.state();
        return new Recommendation(null, task.app(), task.taskType(), state.accepted(), settings.incumbent(),
                QualityMarginStandIn.BASIS, window, margin(), choice.standings(), state.pending(),
                state.pendingWindows(), savingsOverIncumbent(state.accepted()), computedAt, summary(state));
    }

    /** What the recommended model saves per month compared with the incumbent, when both are priced. */
    private Double savingsOverIncumbent(String recommended) {
        ModelFigures incumbent = settings.incumbent() == null ? null : figures.get(settings.incumbent());
        ModelFigures chosen = recommended == null ? null : figures.get(recommended);
        if (incumbent == null || chosen == null || !incumbent.priced() || !chosen.priced()) {
            return null;
        }
        return (incumbent.costPerCall() - chosen.costPerCall()) * callsPerMonth();
    }

    private String summary(Hysteresis state) {
        String prefix = task + ": ";
        if (state.accepted() == null) {
            return prefix + "no model is eligible yet";
        }
        if (state.pending() != null) {
            return prefix + "keeping " + state.accepted() + "; " + state.pending() + " has been the better choice for "
                    + state.pendingWindows() + " of the " + requiredWindows + " windows needed to switch";
        }
        if (choice.best() == null) {
            return prefix + "keeping " + state.accepted() + "; no model is eligible in this window";
        }
        String text = prefix + state.accepted() + " is the cheapest model within the " + Texts.number(margin())
                + " margin of the best quality";
        Double savings = savingsOverIncumbent(state.accepted());
        if (savings != null && savings > 0 && !state.accepted().equals(settings.incumbent())) {
            text += "; it saves " + Texts.usd(savings) + "/month over " + settings.incumbent();
        }
        return text;
    }
}
