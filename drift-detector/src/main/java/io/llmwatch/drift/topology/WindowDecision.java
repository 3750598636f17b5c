package io.llmwatch.drift.topology;

import io.llmwatch.config.TaskConfig;
import io.llmwatch.drift.alert.OptimalModelChange;
import io.llmwatch.drift.recommend.Choice;
import io.llmwatch.drift.recommend.Hysteresis;
import io.llmwatch.drift.recommend.ModelFigures;
import io.llmwatch.drift.recommend.PairedEvidence;
import io.llmwatch.event.ModelStanding;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.TaskKey;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.text.Texts;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything decided for a task when one window became final: the figures over the horizon, the
 * paired-evidence choice, and the hysteresis step.
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
        return Optional.of(new OptimalModelChange(task, window, horizon, step.replacedModel(), choice, margin(),
                callsPerMonth(), PairedEvidence.BASIS));
    }

    Recommendation recommendation(Instant computedAt) {
        Hysteresis state = step.state();
        return new Recommendation(null, task.app(), task.taskType(), state.accepted(), choice.incumbent(),
                PairedEvidence.BASIS, window, margin(), choice.standings(), state.pending(),
                state.pendingWindows(), savingsOverIncumbent(state.accepted()), computedAt, summary(state));
    }

    /** What the recommended model saves per month compared with the incumbent, when both are priced. */
    private Double savingsOverIncumbent(String recommended) {
        Double incumbent = cost(choice.incumbent());
        Double chosen = recommended == null ? null : cost(recommended);
        if (incumbent == null || chosen == null) {
            return null;
        }
        return (incumbent - chosen) * callsPerMonth();
    }

    private Double cost(String model) {
        return choice.standing(model).map(ModelStanding::costPerCall).orElse(null);
    }

    private String summary(Hysteresis state) {
        String prefix = task + ": ";
        if (state.pending() != null) {
            return prefix + "keeping " + state.accepted() + "; " + state.pending() + " has been the better choice for "
                    + state.pendingWindows() + " of the " + requiredWindows + " windows needed to switch";
        }
        String accepted = state.accepted();
        ModelStanding standing = choice.standing(accepted).orElse(null);
        if (standing == null) {
            return prefix + "keeping " + accepted + "; there is no evidence about it in this window";
        }
        String text = prefix + accepted + ": " + standing.reason();
        Double savings = savingsOverIncumbent(accepted);
        if (savings != null && savings > 0 && !accepted.equals(choice.incumbent())) {
            text += "; it saves " + Texts.usd(savings) + "/month over " + choice.incumbent();
        }
        return text;
    }
}
