package io.llmwatch.scorer.quality;

import io.llmwatch.config.QualityWeights;
import io.llmwatch.event.Scores;
import java.util.HashMap;
import java.util.Map;

/**
 * Final scores of a call: the dimensions computed from the call, overridden by evaluations, and the
 * composite {@code quality} (docs/architecture.md §4).
 *
 * <ul>
 *   <li>an evaluation named {@code correctness}, {@code format}, {@code efficiency} or
 *       {@code rubric} sets that dimension, winning over the computed value;</li>
 *   <li>an evaluation named {@code quality} sets the composite directly;</li>
 *   <li>otherwise quality = Σ wᵢ·sᵢ / Σ wᵢ over the dimensions that are present (the task's weights
 *       renormalised over what was measured), provided the present dimensions carry at least
 *       {@value #MIN_WEIGHT_COVERAGE} of the task's total weight; else it is absent. Without that
 *       floor a call measured only on format (20 % of RDAB's weight) would count as perfect quality
 *       while its grade is still on its way, and pull every model towards 1;</li>
 *   <li>evaluations with any other name are kept in {@link Scores#extra()}.</li>
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
     * @param computed    dimensions computed from the call (its quality and extra are ignored)
     * @param evaluations latest score per evaluation name
     */
    public static Scores combine(Scores computed, Map<String, Double> evaluations, QualityWeights weights) {
        Double correctness = evaluations.getOrDefault(CORRECTNESS, computed.correctness());
        Double format = evaluations.getOrDefault(FORMAT, computed.format());
        Double efficiency = evaluations.getOrDefault(EFFICIENCY, computed.efficiency());
        Double rubric = evaluations.getOrDefault(RUBRIC, computed.rubric());
        Double quality = evaluations.containsKey(QUALITY)
                ? evaluations.get(QUALITY)
                : quality(correctness, format, efficiency, rubric, weights);
        Map<String, Double> extra = new HashMap<>();
        evaluations.forEach((name, score) -> {
            if (!isDimension(name)) {
                extra.put(name, score);
            }
        });
        return new Scores(correctness, format, efficiency, rubric, quality, extra);
    }

    /** Whether an evaluation of this name sets a dimension or the composite (rather than an extra score). */
    public static boolean isDimension(String name) {
        return switch (name) {
            case QUALITY, CORRECTNESS, FORMAT, EFFICIENCY, RUBRIC -> true;
            default -> false;
        };
    }

    /**
     * The weighted mean over the present dimensions, or null when they carry less than
     * {@value #MIN_WEIGHT_COVERAGE} of the total positive weight.
     */
    public static Double quality(Double correctness, Double format, Double efficiency, Double rubric,
                                 QualityWeights weights) {
        double total = positiveOrZero(weights.correctness()) + positiveOrZero(weights.format())
                + positiveOrZero(weights.efficiency()) + positiveOrZero(weights.rubric());
        double sum = 0;
        double weight = 0;
        if (correctness != null && positive(weights.correctness())) {
            sum += weights.correctness() * correctness;
            weight += weights.correctness();
        }
        if (format != null && positive(weights.format())) {
            sum += weights.format() * format;
            weight += weights.format();
        }
        if (efficiency != null && positive(weights.efficiency())) {
            sum += weights.efficiency() * efficiency;
            weight += weights.efficiency();
        }
        if (rubric != null && positive(weights.rubric())) {
            sum += weights.rubric() * rubric;
            weight += weights.rubric();
        }
        return weight > 0 && weight >= MIN_WEIGHT_COVERAGE * total ? Math.min(1, Math.max(0, sum / weight)) : null;
    }

    private static double positiveOrZero(Double weight) {
        return positive(weight) ? weight : 0;
    }

    private static boolean positive(Double weight) {
        return weight != null && weight > 0;
    }
}
