package io.llmwatch.scorer.quality;

import io.llmwatch.config.QualityWeights;
import io.llmwatch.event.Scores;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Final scores of a call: the dimensions computed from the call, overridden by evaluations, and the
 * composite {@code quality} (docs/architecture.md §4, docs/dimensions.md).
 *
 * <ul>
 *   <li>every evaluation names a dimension: {@code correctness}, {@code format}, {@code efficiency}
 *       and {@code rubric} land in their fields of {@link Scores}, any other name (a team's
 *       {@code tone}, a profile's {@code stat_validity}) in {@link Scores#extra()}; an evaluation wins
 *       over the value computed from the call;</li>
 *   <li>an evaluation named {@code quality} sets the composite directly;</li>
 *   <li>otherwise quality = Σ wᵢ·sᵢ / Σ wᵢ over the dimensions that are present and weighted (the
 *       task's weights renormalised over what was measured), provided the present dimensions carry at
 *       least {@value #MIN_WEIGHT_COVERAGE} of the task's total weight; else it is absent. Without that
 *       floor a call measured only on format (20 % of RDAB's weight) would count as perfect quality
 *       while its grade is still on its way, and pull every model towards 1. A dimension without a
 *       weight is kept and reported, but does not enter the composite.</li>
 * </ul>
 */
public final class Composite {

    public static final String QUALITY = "quality";
    public static final String CORRECTNESS = "correctness";
    public static final String FORMAT = "format";
    public static final String EFFICIENCY = "efficiency";
    public static final String RUBRIC = "rubric";
    /** Share of the task's total weight the measured dimensions must carry for a composite. */
    public static final double MIN_WEIGHT_COVERAGE = 0.5;

    private Composite() {
    }

    /**
     * @param computed    dimensions computed from the call, its own named ones in {@code extra} (its
     *                    quality is ignored)
     * @param evaluations latest score per evaluation name
     */
    public static Scores combine(Scores computed, Map<String, Double> evaluations, QualityWeights weights) {
        Map<String, Double> dimensions = dimensions(computed);
        evaluations.forEach((name, score) -> {
            if (!QUALITY.equals(name)) {
                dimensions.put(name, score);
            }
        });
        Double quality = evaluations.containsKey(QUALITY) ? evaluations.get(QUALITY) : quality(dimensions, weights);
        Map<String, Double> extra = new HashMap<>(dimensions);
        Double correctness = extra.remove(CORRECTNESS);
        Double format = extra.remove(FORMAT);
        Double efficiency = extra.remove(EFFICIENCY);
        Double rubric = extra.remove(RUBRIC);
        return new Scores(correctness, format, efficiency, rubric, quality, extra);
    }

    /** Every measured dimension of a call by name: the four fields of {@link Scores} and its extra ones. */
    public static Map<String, Double> dimensions(Scores scores) {
        Map<String, Double> dimensions = new LinkedHashMap<>();
        putIfPresent(dimensions, CORRECTNESS, scores.correctness());
        putIfPresent(dimensions, FORMAT, scores.format());
        putIfPresent(dimensions, EFFICIENCY, scores.efficiency());
        putIfPresent(dimensions, RUBRIC, scores.rubric());
        scores.extra().forEach((name, score) -> putIfPresent(dimensions, name, score));
        return dimensions;
    }

    /**
     * The weighted mean over the present, weighted dimensions, or null when they carry less than
     * {@value #MIN_WEIGHT_COVERAGE} of the total positive weight.
     */
    public static Double quality(Map<String, Double> dimensions, QualityWeights weights) {
        double total = weights.total();
        double sum = 0;
        double weight = 0;
        for (Map.Entry<String, Double> dimension : dimensions.entrySet()) {
            double w = weights.weight(dimension.getKey());
            if (dimension.getValue() != null && w > 0) {
                sum += w * dimension.getValue();
                weight += w;
            }
        }
        return weight > 0 && weight >= MIN_WEIGHT_COVERAGE * total ? Math.min(1, Math.max(0, sum / weight)) : null;
    }

    private static void putIfPresent(Map<String, Double> map, String name, Double score) {
        if (score != null) {
            map.put(name, score);
        }
    }
}
