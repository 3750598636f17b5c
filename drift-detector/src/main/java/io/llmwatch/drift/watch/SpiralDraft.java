package io.llmwatch.drift.watch;

import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.text.Texts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code TOKEN_SPIRAL} draft about one run: {@code firing} while it spirals, {@code resolved}
 * once it has stopped (no call for {@code alerts.token_spiral.idle}).
 *
 * @param run     the run
 * @param typical the task's typical run
 * @param status  firing or resolved
 */
record SpiralDraft(AgentRun run, TypicalRuns typical, AlertStatus status) {

    DriftAlert draft() {
        List<String> models = List.copyOf(run.models());
        return new DriftAlert(null, null, AlertType.TOKEN_SPIRAL, Severity.WARNING, run.task().app(), run.task().taskType(),
                models.size() == 1 ? models.get(0) : null, null, new TimeWindow(run.firstAt(), run.lastAt()), summary(),
                evidence(models), DedupKeys.run(run.task(), run.runId()), status);
    }

    /** How many times the typical run's tokens this run has used. */
    private double ratio() {
        return typical.medianTokens() <= 0 ? Double.POSITIVE_INFINITY : run.tokens() / typical.medianTokens();
    }

    /**
     * {@code support/research: trace 4bf92f35 is spiralling: 212 calls and 612,400 tokens ($4.18) in 18 min,
     * 20× the task's typical run (30,100 tokens, 9 calls); 180 of 212 calls repeat a recent call's model and input size}.
     */
    private String summary() {
        String figures = Texts.count(run.calls()) + " calls and " + Texts.count(run.tokens()) + " tokens ("
                + Texts.usd(run.costUsd()) + ")";
        String typicalRun = times() + " the task's typical run (" + Texts.count(Math.round(typical.medianTokens()))
                + " tokens, " + Texts.count(Math.round(typical.medianCalls())) + " calls)";
        String name = run.task() + ": " + run.runId().replaceFirst("/", " ");
        if (status == AlertStatus.RESOLVED) {
            return name + " has stopped after " + figures + " over " + Figures.duration(Duration.between(run.firstAt(), run.lastAt())) + ", " + typicalRun;
        }
        return name + " is spiralling: " + figures + " in " + Figures.duration(Duration.between(run.firstAt(), run.lastAt())) + ", " + typicalRun + "; "
                + Texts.count(run.repeated()) + " of " + Texts.count(run.calls())
                + " calls repeat a recent call's model and input size";
    }

    private String times() {
        double ratio = ratio();
        return Double.isInfinite(ratio) ? "far beyond" : Math.round(ratio) + "×";
    }

    private Evidence evidence(List<String> models) {
        Map<String, Object> details = new LinkedHashMap<>();
        int slash = run.runId().indexOf('/');
        details.put(run.runId().substring(0, slash) + "_id", run.runId().substring(slash + 1));
        details.put("calls", run.calls());
        details.put("tokens", run.tokens());
        details.put("cost_usd", Figures.rounded(run.costUsd()));
        details.put("typical_tokens", typical.medianTokens());
        details.put("typical_calls", typical.medianCalls());
        details.put("typical_runs", typical.runs());
        if (!Double.isInfinite(ratio())) {
            details.put("ratio", Figures.rounded(ratio()));
        }
        details.put("repeated_calls", run.repeated());
        details.put("repeated_share", Figures.rounded(run.repeatShare()));
        details.put("models", models);
        details.put("first_call_at", run.firstAt().toString());
        details.put("last_call_at", run.lastAt().toString());
        return new Evidence(models.size() == 1 ? models.get(0) : null, null, null, null, null, null, null, null, null,
                run.calls(), null, null, null, null, details);
    }
}
