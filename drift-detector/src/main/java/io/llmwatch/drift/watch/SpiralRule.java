package io.llmwatch.drift.watch;

import io.llmwatch.config.AlertsConfig;

/**
 * When a run is a token spiral ({@link AlertsConfig.TokenSpiral}): big in absolute terms (calls,
 * tokens), far bigger than the task's typical run (tokens), and not converging (its calls repeat
 * recent ones, or there are far more of them than a typical run has). Without enough finished runs
 * to know what is typical, nothing is a spiral.
 */
record SpiralRule(AlertsConfig.TokenSpiral settings) {

    boolean spirals(AgentRun run, TypicalRuns typical) {
        if (run.calls() < settings.minCalls() || run.tokens() < settings.minTokens() || typical.runs() < settings.minRuns()) {
            return false;
        }
        if (run.tokens() < settings.factor() * typical.medianTokens()) {
            return false;
        }
        return run.repeatShare() >= settings.repeatShare() || run.calls() >= settings.factor() * typical.medianCalls();
    }
}
