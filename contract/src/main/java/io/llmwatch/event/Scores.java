package io.llmwatch.event;

import java.util.Map;

/**
 * Per-call quality dimensions, each in 0..1 or null when not measured (after RDAB's four), and the
 * weighted composite {@code quality}.
 *
 * @param correctness from evaluations or the call's {@code reference}
 * @param format      non-empty, not truncated, parses when JSON was asked for, no refusal
 * @param efficiency  tokens and cost against the task's own rolling budget
 * @param rubric      configurable per-task checks
 * @param quality     weighted composite over the measured dimensions, or an external {@code quality}
 *                    evaluation, which wins
 * @param extra       every other named dimension (a team's evaluation names such as {@code tone}, a
 *                    profile's {@code code_quality}), by name; weighted into {@code quality} when the
 *                    task's weights name it (docs/dimensions.md)
 */
public record Scores(
        Double correctness,
        Double format,
        Double efficiency,
        Double rubric,
        Double quality,
        Map<String, Double> extra) {

    public Scores {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public static Scores none() {
        return new Scores(null, null, null, null, null, Map.of());
    }
}
