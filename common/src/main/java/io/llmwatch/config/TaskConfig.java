package io.llmwatch.config;

import io.llmwatch.event.JudgeKind;
import io.llmwatch.event.TaskKey;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.util.List;

/**
 * Settings of one task type of one app. Every field but the key is optional: an absent field is
 * taken from the next layer (live control topic, then the config file's task entry, then the file's
 * {@code defaults}, then {@link #BUILT_IN}).
 *
 * @param incumbent       the model in production for this task
 * @param candidates      cheaper models to evaluate against it
 * @param margin          non-inferiority margin m on the 0..1 quality scale
 * @param weights         weights of the composite quality
 * @param sampleRate      share of calls replayed against candidates (0..1)
 * @param dailyBudgetUsd  replay spend per candidate per day
 * @param judge           how candidate outputs are judged ({@code exact}, {@code json}, …)
 * @param latencyLimitMs  p95 latency a recommended model must stay under
 * @param maxErrorRate    error rate a recommended model must stay under
 * @param tokenBudget     tokens per call above which efficiency falls; null = the task's rolling mean
 * @param reevaluateEvery period of scheduled re-evaluation campaigns (ISO-8601 or {@code 1d}/{@code 6h}
 *                        style, see {@link DurationText}); null = none
 * @param reevaluateN     calls replayed by each scheduled campaign
 * @param alpha           a comparison's lifetime probability of a false {@code non_inferior} verdict,
 *                        spent across its restarts (docs/decisions.md)
 * @param profile         built-in computed dimensions and default weights, e.g. {@code rdab}
 *                        (docs/dimensions.md); null = none
 * @param critical        dimensions a candidate must also be non-inferior on, each at its own margin
 *                        (docs/dimensions.md#critical-dimensions); null = none
 * @param reference       the model every candidate, and the model in production, is compared with;
 *                        null = the {@code incumbent} (docs/decisions.md, "A fixed reference")
 * @param maintenanceRate share of calls a decided candidate is still replayed on (0..1, at most the
 *                        sample rate); null = 10 % of {@code sample_rate}
 */
public record TaskConfig(
        String app,
        String taskType,
        String incumbent,
        List<String> candidates,
        Double margin,
        QualityWeights weights,
        Double sampleRate,
        Double dailyBudgetUsd,
        String judge,
        Double latencyLimitMs,
        Double maxErrorRate,
        Long tokenBudget,
        String reevaluateEvery,
        Integer reevaluateN,
        Double alpha,
        QualityProfile profile,
        CriticalDimensions critical,
        String reference,
        Double maintenanceRate) {

    /** What applies where nothing else is configured. */
    public static final TaskConfig BUILT_IN = builder().candidates(List.of()).margin(0.02)
            .weights(QualityWeights.RDAB).sampleRate(0.05).dailyBudgetUsd(1.0).maxErrorRate(0.10).reevaluateN(200).alpha(0.05)
            .build();

    /** The default {@code maintenance_rate} as a share of the task's {@code sample_rate}. */
    public static final double MAINTENANCE_SHARE = 0.10;

    public TaskConfig {
        candidates = candidates == null ? null : List.copyOf(candidates);
    }

    /** A builder of a task config, field by field; fields left out stay absent. */
    public static TaskConfigBuilder builder() {
        return new TaskConfigBuilder();
    }

    /** A builder holding this config's fields, to make one that differs in some. */
    public TaskConfigBuilder toBuilder() {
        return TaskConfigBuilder.from(this);
    }

    /** The task's {@code margin}, else the built-in 0.02. */
    public double marginOrDefault() {
        return margin != null ? margin : BUILT_IN.margin;
    }

    /** The task's critical dimensions; none when it declares none. */
    public CriticalDimensions criticalOrNone() {
        return critical != null ? critical : CriticalDimensions.named();
    }

    public TaskKey key() {
        return new TaskKey(app, taskType);
    }

    /** The task's {@code alpha}, else the built-in 0.05. */
    public double alphaOrDefault() {
        return alpha != null ? alpha : BUILT_IN.alpha;
    }

    /**
     * The yardstick of the task's comparisons: {@code reference}, else the configured incumbent; null
     * when neither is set (each call is then compared with the model that served it).
     */
    public String referenceModel() {
        if (reference != null && !reference.isBlank()) {
            return reference;
        }
        return incumbent != null && !incumbent.isBlank() ? incumbent : null;
    }

    /**
     * The share of calls a decided candidate is replayed on: {@code maintenance_rate}, else 10 % of
     * the sample rate; never above the sample rate, as only sampled calls are replayed.
     */
    public double maintenanceRateOrDefault() {
        double sampled = sampleRate != null ? sampleRate : BUILT_IN.sampleRate;
        return maintenanceRate != null ? Math.min(maintenanceRate, sampled) : MAINTENANCE_SHARE * sampled;
    }

    /** This config with every absent field taken from {@code fallback}. */
    public TaskConfig orElse(TaskConfig fallback) {
        if (fallback == null) {
            return this;
        }
        return new TaskConfig(
                app != null ? app : fallback.app,
                taskType != null ? taskType : fallback.taskType,
                incumbent != null ? incumbent : fallback.incumbent,
                candidates != null ? candidates : fallback.candidates,
                margin != null ? margin : fallback.margin,
                weights != null ? weights.orElse(fallback.weights) : fallback.weights,
                sampleRate != null ? sampleRate : fallback.sampleRate,
                dailyBudgetUsd != null ? dailyBudgetUsd : fallback.dailyBudgetUsd,
                judge != null ? judge : fallback.judge,
                latencyLimitMs != null ? latencyLimitMs : fallback.latencyLimitMs,
                maxErrorRate != null ? maxErrorRate : fallback.maxErrorRate,
                tokenBudget != null ? tokenBudget : fallback.tokenBudget,
                reevaluateEvery != null ? reevaluateEvery : fallback.reevaluateEvery,
                reevaluateN != null ? reevaluateN : fallback.reevaluateN,
                alpha != null ? alpha : fallback.alpha,
                profile != null ? profile : fallback.profile,
                critical != null ? critical : fallback.critical,
                reference != null ? reference : fallback.reference,
                maintenanceRate != null ? maintenanceRate : fallback.maintenanceRate);
    }

    /** Field errors, each prefixed with {@code path} (e.g. {@code tasks[2]}). */
    public List<FieldError> validate(String path) {
        Checks checks = new Checks()
                .between(path + ".margin", margin, 0, 1)
                .between(path + ".sample_rate", sampleRate, 0, 1)
                .between(path + ".maintenance_rate", maintenanceRate, 0, 1)
                .nonNegative(path + ".daily_budget_usd", dailyBudgetUsd)
                .nonNegative(path + ".latency_limit_ms", latencyLimitMs)
                .between(path + ".max_error_rate", maxErrorRate, 0, 1)
                .nonNegative(path + ".token_budget", tokenBudget)
                .check(reevaluateN == null || reevaluateN >= 1, path + ".reevaluate_n", "must be >= 1")
                .check(alpha == null || alpha > 0 && alpha < 0.5, path + ".alpha", "must be in (0, 0.5)");
        if (reevaluateEvery != null) {
            try {
                checks.check(DurationText.parse(reevaluateEvery).toMillis() > 0, path + ".reevaluate_every", "must be positive");
            } catch (IllegalArgumentException e) {
                checks.check(false, path + ".reevaluate_every", e.getMessage());
            }
        }
        if (profile != null) {
            profile.validate(path + ".profile", checks);
        }
        if (critical != null) {
            critical.validate(path + ".critical", checks);
        }
        if (judge != null) {
            try {
                JudgeKind.parse(judge);
            } catch (IllegalArgumentException e) {
                checks.check(false, path + ".judge", e.getMessage());
            }
        }
        if (weights != null) {
            weights.byName().forEach((name, weight) -> checks.nonNegative(path + ".weights." + name, weight));
        }
        return checks.errors();
    }
}
