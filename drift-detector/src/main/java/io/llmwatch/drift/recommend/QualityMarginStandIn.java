package io.llmwatch.drift.recommend;

import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.ModelStanding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * <b>Stand-in recommender</b>: picks the cheapest model that is good enough from each model's own
 * production statistics, comparing means of <em>different</em> calls. It stands in for the paired
 * statistics of the shadow-replay issue (candidate vs incumbent on the <em>same</em> prompts, with
 * an anytime-valid confidence sequence, DESIGN §4–5), which will replace it; until then its
 * decisions say {@code basis = }{@value #BASIS}.
 *
 * <p>A model is <em>usable</em> when it has at least {@link #MIN_QUALITY_SAMPLES} calls with a quality
 * score over the horizon, its error rate is at most the task's {@code max_error_rate}, and its p95
 * latency is at most the task's {@code latency_limit_ms} (each limit only when set; an unmeasured
 * latency does not disqualify). The usable model with the highest mean quality sets the bar; a usable
 * model is <em>eligible</em> when its mean quality is within the task's margin of that bar. The best
 * model is the eligible one with the lowest mean cost per call; a model whose cost is unknown is
 * never the cheapest (it wins only when no eligible model is priced). Equal cost goes to the higher
 * quality, then to the model name, so that the choice is deterministic.
 */
public final class QualityMarginStandIn {

    /** Written as {@code basis} of every recommendation it makes. */
    public static final String BASIS = "quality_margin_stand_in";

    /**
     * Scored calls a model needs over the horizon before its mean quality is trusted: with quality
     * scores' typical spread (sd ≈ 0.1) the standard error of a mean of 20 is about 0.022, the size of
     * the default margin. Below that, one window's noise alone would move a model across the margin.
     */
    public static final long MIN_QUALITY_SAMPLES = 20;

    /** Absorbs floating-point noise when a quality sits exactly on the margin. */
    private static final double EPSILON = 1e-9;

    /** Priced before unpriced, then cheaper, then higher quality, then by name. */
    private static final Comparator<ModelFigures> CHEAPEST_FIRST = Comparator
            .comparing((ModelFigures f) -> !f.priced())
            .thenComparingDouble(f -> f.priced() ? f.costPerCall() : 0)
            .thenComparing(ModelFigures::qualityMean, Comparator.reverseOrder())
            .thenComparing(ModelFigures::model);

    private final long minQualitySamples;

    public QualityMarginStandIn() {
        this(MIN_QUALITY_SAMPLES);
    }

    public QualityMarginStandIn(long minQualitySamples) {
        if (minQualitySamples < 1) {
            throw new IllegalArgumentException("minQualitySamples must be at least 1, got " + minQualitySamples);
        }
        this.minQualitySamples = minQualitySamples;
    }

    /**
     * @param models   each model's figures over the horizon
     * @param settings the task's settings in force now ({@code margin}, {@code max_error_rate},
     *                 {@code latency_limit_ms})
     */
    public Choice choose(Collection<ModelFigures> models, TaskConfig settings) {
        double margin = Objects.requireNonNullElse(settings.margin(), TaskConfig.BUILT_IN.margin());
        List<ModelFigures> sorted = models.stream().sorted(Comparator.comparing(ModelFigures::model)).toList();

        Map<String, String> rejected = new HashMap<>();
        List<ModelFigures> usable = new ArrayList<>();
        for (ModelFigures figures : sorted) {
            String reason = unusable(figures, settings);
            if (reason == null) {
                usable.add(figures);
            } else {
                rejected.put(figures.model(), reason);
            }
        }
        ModelFigures leader = usable.stream()
                .max(Comparator.comparingDouble(ModelFigures::qualityMean)
                        .thenComparing(ModelFigures::model, Comparator.reverseOrder()))
                .orElse(null);
        List<ModelFigures> eligible = new ArrayList<>();
        for (ModelFigures figures : usable) {
            if (figures.qualityMean() + EPSILON >= leader.qualityMean() - margin) {
                eligible.add(figures);
            } else {
                rejected.put(figures.model(), "quality " + Texts.quality(figures.qualityMean()) + " is more than the "
                        + Texts.number(margin) + " margin below the best, " + Texts.quality(leader.qualityMean())
                        + " (" + leader.model() + ")");
            }
        }
        eligible.sort(CHEAPEST_FIRST);
        ModelFigures best = eligible.isEmpty() ? null : eligible.get(0);

        List<ModelStanding> standings = new ArrayList<>();
        for (ModelFigures figures : sorted) {
            String reason = rejected.containsKey(figures.model())
                    ? rejected.get(figures.model())
                    : eligibleReason(figures, best, leader, margin);
            standings.add(new ModelStanding(figures.model(), figures.calls(), figures.qualityMean(), figures.qualityN(),
                    figures.costPerCall(), figures.errorRate(), !rejected.containsKey(figures.model()), reason));
        }
        return new Choice(best == null ? null : best.model(), leader == null ? null : leader.model(), standings);
    }

    private String unusable(ModelFigures figures, TaskConfig settings) {
        if (figures.qualityMean() == null || figures.qualityN() == 0) {
            return "no quality scores";
        }
        if (figures.qualityN() < minQualitySamples) {
            return "too few quality scores (n=" + figures.qualityN() + " < " + minQualitySamples + ")";
        }
        Double maxErrorRate = settings.maxErrorRate();
        if (maxErrorRate != null && figures.errorRate() > maxErrorRate + EPSILON) {
            return "error rate " + Texts.percent(figures.errorRate()) + " above the limit of "
                    + Texts.percent(maxErrorRate);
        }
        Double latencyLimit = settings.latencyLimitMs();
        if (latencyLimit != null && figures.latencyP95Ms() != null && figures.latencyP95Ms() > latencyLimit) {
            return "p95 latency " + Texts.millis(figures.latencyP95Ms()) + " above the limit of "
                    + Texts.millis(latencyLimit);
        }
        return null;
    }

    private static String eligibleReason(ModelFigures figures, ModelFigures best, ModelFigures leader, double margin) {
        String quality = figures == leader
                ? "best quality, " + Texts.quality(figures.qualityMean())
                : "quality " + Texts.quality(figures.qualityMean()) + " within the " + Texts.number(margin)
                        + " margin of the best, " + Texts.quality(leader.qualityMean());
        if (figures == best) {
            return (best.priced() ? "cheapest eligible model: " : "no eligible model is priced; highest quality: ")
                    + quality;
        }
        if (!figures.priced()) {
            return "eligible (" + quality + ") but its cost is unknown";
        }
        boolean sameCost = best.priced() && figures.costPerCall().doubleValue() == best.costPerCall().doubleValue();
        return "eligible (" + quality + ") but " + best.model()
                + (sameCost ? " costs the same with higher quality" : " is cheaper");
    }
}
