package io.llmwatch.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weights of a task's quality dimensions in the composite, by dimension name (docs/dimensions.md).
 * Any name is a dimension: the computed ones ({@code correctness}, {@code format}, {@code efficiency},
 * {@code rubric}, and a profile's, e.g. RDAB's {@code code_quality} and {@code stat_validity}) and
 * whatever external evaluations and judges report. Dimensions that were not measured on a call are
 * left out and the remaining weights renormalised. Written as a JSON/YAML object
 * ({@code {"correctness": 0.5, "tone": 0.2}}); a weight of 0 drops a dimension from the composite.
 *
 * @param byName weight per dimension name, in the order given
 */
public record QualityWeights(Map<String, Double> byName) {

    /** RDAB's defaults (its {@code eda} category): 0.50 / 0.20 / 0.15 / 0.15. */
    public static final QualityWeights RDAB = new QualityWeights(0.50, 0.20, 0.15, 0.15);

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public QualityWeights {
        Map<String, Double> copy = new LinkedHashMap<>();
        if (byName != null) {
            // a null weight (`tone: ~`) reads as "not set here", as an absent key does
            byName.forEach((name, weight) -> {
                if (name != null && weight != null) {
                    copy.put(name, weight);
                }
            });
        }
        byName = Collections.unmodifiableMap(copy);
    }

    /** The four dimensions llmwatch started with, for configs and tests written before named dimensions. */
    public QualityWeights(Double correctness, Double format, Double efficiency, Double rubric) {
        this(fourDimensions(correctness, format, efficiency, rubric));
    }

    /** A weight map in JSON/YAML: the plain object of name to weight. */
    @JsonValue
    @Override
    public Map<String, Double> byName() {
        return byName;
    }

    /** The weight of a dimension, 0 when it has none. */
    public double weight(String dimension) {
        Double weight = byName.get(dimension);
        return weight != null && weight > 0 ? weight : 0;
    }

    /** Sum of the positive weights. */
    public double total() {
        return byName.values().stream().mapToDouble(w -> w > 0 ? w : 0).sum();
    }

    /** These weights with every dimension they do not name taken from {@code fallback}. */
    QualityWeights orElse(QualityWeights fallback) {
        if (fallback == null) {
            return this;
        }
        Map<String, Double> merged = new LinkedHashMap<>(fallback.byName);
        merged.putAll(byName);
        return new QualityWeights(merged);
    }

    private static Map<String, Double> fourDimensions(Double correctness, Double format, Double efficiency,
                                                      Double rubric) {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("correctness", correctness);
        map.put("format", format);
        map.put("efficiency", efficiency);
        map.put("rubric", rubric);
        return map;
    }
}
