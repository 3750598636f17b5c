package io.llmwatch.drift.watch;

import io.llmwatch.drift.watch.MetricWatch.Outcome;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.ModelKey;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.text.Texts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code PRICE_UNKNOWN_OR_STALE} draft for a step of a {@link PriceWatch}.
 *
 * @param model      the model
 * @param step       the step
 * @param window     the window just checked
 * @param catalog    the catalog prices come from
 * @param maxAgeDays {@code prices.max_age_days}
 */
record PriceDraft(ModelKey model, PriceWatch.Step step, TimeWindow window, PriceCatalog catalog, int maxAgeDays) {

    Optional<DriftAlert> draft() {
        if (step.outcome() == Outcome.QUIET) {
            return Optional.empty();
        }
        boolean resolved = step.outcome() == Outcome.RESOLVED;
        PriceCheck problem = step.problem();
        Severity severity = problem.stale() ? Severity.INFO : Severity.WARNING;
        return Optional.of(new DriftAlert(null, null, AlertType.PRICE_UNKNOWN_OR_STALE, severity, model.app(),
                model.taskType(), model.model(), null, new TimeWindow(step.since(), window.end()),
                resolved ? resolvedSummary(problem) : firingSummary(problem), evidence(problem),
                DedupKeys.model(AlertType.PRICE_UNKNOWN_OR_STALE, model), resolved ? AlertStatus.RESOLVED : AlertStatus.FIRING));
    }

    private String firingSummary(PriceCheck problem) {
        String prefix = model.task() + ": ";
        String counts = Texts.count(problem.unpricedCalls()) + " of " + Texts.count(problem.calls()) + " calls";
        String inWindow = " in the window to " + Figures.minute(window.end());
        return prefix + switch (problem.reason()) {
            case PriceCheck.UNKNOWN_MODEL -> model.model() + " is priced as unknown: " + counts + inWindow + " have no cost;"
                    + " it is not in the price catalog (as of " + catalog.asOf() + ") and llmwatch.control has no price/"
                    + model.model();
            case PriceCheck.UNKNOWN_USAGE -> counts + " of " + model.model() + inWindow
                    + " have no cost: their token usage is unknown";
            default -> model.model() + " is priced from a catalog as of " + catalog.asOf() + ", " + problem.catalogAgeDays()
                    + (problem.catalogAgeDays() == 1 ? " day" : " days") + " old, over prices.max_age_days = " + maxAgeDays + "; set price/" + model.model()
                    + " on llmwatch.control or load a current catalog";
        };
    }

    private String resolvedSummary(PriceCheck problem) {
        String had = switch (problem.reason()) {
            case PriceCheck.UNKNOWN_MODEL -> "been priced as unknown";
            case PriceCheck.UNKNOWN_USAGE -> "had calls without token usage";
            default -> "been priced from a stale catalog";
        };
        return model.task() + ": " + model.model() + " is priced properly again (" + step.goodWindows()
                + " windows in a row with every call priced from a current list); it had " + had + " since "
                + Figures.minute(step.since());
    }

    private Evidence evidence(PriceCheck problem) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", problem.reason());
        details.put("unpriced_calls", problem.unpricedCalls());
        details.put("calls", problem.calls());
        details.put("catalog_as_of", catalog.asOf().toString());
        details.put("catalog_source", catalog.source());
        details.put("catalog_age_days", problem.catalogAgeDays());
        details.put("max_age_days", maxAgeDays);
        return new Evidence(model.model(), null, null, null, null, null, null, null, null, problem.calls(), null, null,
                null, null, details);
    }
}
