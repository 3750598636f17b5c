package io.llmwatch.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmwatch.validate.Checks;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A built-in set of computed quality dimensions and their default weights (docs/dimensions.md).
 * The only profile today is {@value #RDAB}: RealDataAgentBench's {@code code_quality},
 * {@code stat_validity} and token/step {@code efficiency}, weighted per category as RDAB's
 * SCORING_SPEC §5 publishes. Written either as the bare name ({@code profile: rdab}, category
 * {@code eda}, difficulty {@code medium}) or as an object
 * ({@code profile: {name: rdab, category: modeling, difficulty: hard, max_steps: 30}}).
 *
 * @param name       {@value #RDAB}
 * @param category   RDAB task category: selects the default weights and the vocabulary of the
 *                   statistical-validity checks; null = {@code eda}
 * @param difficulty {@code easy}, {@code medium} or {@code hard}: selects the token budget; null = medium
 * @param maxSteps   the step limit of the efficiency score; null = {@value #DEFAULT_MAX_STEPS}
 */
public record QualityProfile(String name, String category, String difficulty, Integer maxSteps) {

    public static final String RDAB = "rdab";
    public static final int DEFAULT_MAX_STEPS = 20;
    /** RDAB's default weights per category: correctness, code quality, efficiency, statistical validity. */
    private static final Map<String, double[]> RDAB_WEIGHTS = Map.of(
            "eda", new double[] {0.50, 0.20, 0.15, 0.15},
            "feature_engineering", new double[] {0.45, 0.20, 0.15, 0.20},
            "modeling", new double[] {0.40, 0.15, 0.15, 0.30},
            "statistical_inference", new double[] {0.40, 0.15, 0.15, 0.30},
            "ml_engineering", new double[] {0.45, 0.20, 0.15, 0.20});
    private static final Map<String, Long> RDAB_TOKEN_BUDGETS = Map.of("easy", 20_000L, "medium", 50_000L, "hard", 30_000L);

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public QualityProfile(@JsonProperty("name") String name, @JsonProperty("category") String category,
                          @JsonProperty("difficulty") String difficulty, @JsonProperty("max_steps") Integer maxSteps) {
        this.name = name == null ? null : name.toLowerCase(Locale.ROOT);
        this.category = category == null ? "eda" : category.toLowerCase(Locale.ROOT);
        this.difficulty = difficulty == null ? "medium" : difficulty.toLowerCase(Locale.ROOT);
        this.maxSteps = maxSteps == null ? DEFAULT_MAX_STEPS : maxSteps;
    }

    /** The bare-name form, {@code profile: rdab}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static QualityProfile named(String name) {
        return new QualityProfile(name, null, null, null);
    }

    public boolean isRdab() {
        return RDAB.equals(name);
    }

    /**
     * The profile's default weights: RDAB's for the category; the built-in {@code format} and
     * {@code rubric} weigh nothing under it (RDAB has no such dimensions).
     */
    public QualityWeights weights() {
        double[] w = RDAB_WEIGHTS.getOrDefault(category, RDAB_WEIGHTS.get("eda"));
        return new QualityWeights(Map.of("correctness", w[0], "code_quality", w[1], "efficiency", w[2],
                "stat_validity", w[3], "format", 0.0, "rubric", 0.0));
    }

    /** RDAB's token budget for the difficulty. */
    public long tokenBudget() {
        return RDAB_TOKEN_BUDGETS.getOrDefault(difficulty, RDAB_TOKEN_BUDGETS.get("medium"));
    }

    void validate(String path, Checks checks) {
        checks.check(isRdab(), path + ".name", "must be " + RDAB)
                .check(RDAB_WEIGHTS.containsKey(category), path + ".category", "must be one of " + List.copyOf(new java.util.TreeSet<>(RDAB_WEIGHTS.keySet())))
                .check(RDAB_TOKEN_BUDGETS.containsKey(difficulty), path + ".difficulty", "must be easy, medium or hard")
                .check(maxSteps >= 1, path + ".max_steps", "must be >= 1");
    }
}
