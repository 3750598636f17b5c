package io.llmwatch.config;

import java.util.List;

/**
 * Builds a {@link TaskConfig} field by field ({@link TaskConfig#builder()}, {@link TaskConfig#toBuilder()}),
 * instead of the record's 19 positional arguments, most of them optional and many of one type:
 *
 * <pre>{@code
 * TaskConfig task = TaskConfig.builder().app("support").taskType("summarize-ticket")
 *         .incumbent("gpt-4.1").candidates(List.of("gpt-4.1-mini")).margin(0.02).build();
 * }</pre>
 *
 * <p>Fields left out stay absent (null), to be taken from the next layer ({@link TaskConfig#orElse}).
 * Not thread-safe.
 */
public final class TaskConfigBuilder {

    private String app;
    private String taskType;
    private String incumbent;
    private List<String> candidates;
    private Double margin;
    private QualityWeights weights;
    private Double sampleRate;
    private Double dailyBudgetUsd;
    private String judge;
    private Double latencyLimitMs;
    private Double maxErrorRate;
    private Long tokenBudget;
    private String reevaluateEvery;
    private Integer reevaluateN;
    private Double alpha;
    private QualityProfile profile;
    private CriticalDimensions critical;
    private String reference;
    private Double maintenanceRate;

    TaskConfigBuilder() {
    }

    /** A builder holding every field of {@code task}, to change some of them. */
    static TaskConfigBuilder from(TaskConfig task) {
        TaskConfigBuilder b = new TaskConfigBuilder();
        b.app = task.app();
        b.taskType = task.taskType();
        b.incumbent = task.incumbent();
        b.candidates = task.candidates();
        b.margin = task.margin();
        b.weights = task.weights();
        b.sampleRate = task.sampleRate();
        b.dailyBudgetUsd = task.dailyBudgetUsd();
        b.judge = task.judge();
        b.latencyLimitMs = task.latencyLimitMs();
        b.maxErrorRate = task.maxErrorRate();
        b.tokenBudget = task.tokenBudget();
        b.reevaluateEvery = task.reevaluateEvery();
        b.reevaluateN = task.reevaluateN();
        b.alpha = task.alpha();
        b.profile = task.profile();
        b.critical = task.critical();
        b.reference = task.reference();
        b.maintenanceRate = task.maintenanceRate();
        return b;
    }

    public TaskConfigBuilder app(String app) {
        this.app = app;
        return this;
    }

    public TaskConfigBuilder taskType(String taskType) {
        this.taskType = taskType;
        return this;
    }

    public TaskConfigBuilder incumbent(String incumbent) {
        this.incumbent = incumbent;
        return this;
    }

    public TaskConfigBuilder candidates(List<String> candidates) {
        this.candidates = candidates;
        return this;
    }

    public TaskConfigBuilder margin(Double margin) {
        this.margin = margin;
        return this;
    }

    public TaskConfigBuilder weights(QualityWeights weights) {
        this.weights = weights;
        return this;
    }

    public TaskConfigBuilder sampleRate(Double sampleRate) {
        this.sampleRate = sampleRate;
        return this;
    }

    public TaskConfigBuilder dailyBudgetUsd(Double dailyBudgetUsd) {
        this.dailyBudgetUsd = dailyBudgetUsd;
        return this;
    }

    public TaskConfigBuilder judge(String judge) {
        this.judge = judge;
        return this;
    }

    public TaskConfigBuilder latencyLimitMs(Double latencyLimitMs) {
        this.latencyLimitMs = latencyLimitMs;
        return this;
    }

    public TaskConfigBuilder maxErrorRate(Double maxErrorRate) {
        this.maxErrorRate = maxErrorRate;
        return this;
    }

    public TaskConfigBuilder tokenBudget(Long tokenBudget) {
        this.tokenBudget = tokenBudget;
        return this;
    }

    public TaskConfigBuilder reevaluateEvery(String reevaluateEvery) {
        this.reevaluateEvery = reevaluateEvery;
        return this;
    }

    public TaskConfigBuilder reevaluateN(Integer reevaluateN) {
        this.reevaluateN = reevaluateN;
        return this;
    }

    public TaskConfigBuilder alpha(Double alpha) {
        this.alpha = alpha;
        return this;
    }

    public TaskConfigBuilder profile(QualityProfile profile) {
        this.profile = profile;
        return this;
    }

    public TaskConfigBuilder critical(CriticalDimensions critical) {
        this.critical = critical;
        return this;
    }

    public TaskConfigBuilder reference(String reference) {
        this.reference = reference;
        return this;
    }

    public TaskConfigBuilder maintenanceRate(Double maintenanceRate) {
        this.maintenanceRate = maintenanceRate;
        return this;
    }

    public TaskConfig build() {
        return new TaskConfig(app, taskType, incumbent, candidates, margin, weights, sampleRate, dailyBudgetUsd, judge,
                latencyLimitMs, maxErrorRate, tokenBudget, reevaluateEvery, reevaluateN, alpha, profile, critical, reference,
                maintenanceRate);
    }
}
