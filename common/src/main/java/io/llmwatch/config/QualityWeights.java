package io.llmwatch.config;

/**
 * Weights of the per-call dimensions in the composite quality. Dimensions that were not measured on
 * a call are left out and the remaining weights renormalised.
 */
public record QualityWeights(Double correctness, Double format, Double efficiency, Double rubric) {

    /** RDAB's defaults (its {@code eda} category): 0.50 / 0.20 / 0.15 / 0.15. */
    public static final QualityWeights RDAB = new QualityWeights(0.50, 0.20, 0.15, 0.15);

    QualityWeights orElse(QualityWeights fallback) {
        if (fallback == null) {
            return this;
        }
        return new QualityWeights(
                correctness != null ? correctness : fallback.correctness,
                format != null ? format : fallback.format,
                efficiency != null ? efficiency : fallback.efficiency,
                rubric != null ? rubric : fallback.rubric);
    }
}
