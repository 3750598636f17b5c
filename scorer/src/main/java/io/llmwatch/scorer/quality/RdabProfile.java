package io.llmwatch.scorer.quality;

import io.llmwatch.config.QualityProfile;
import io.llmwatch.event.LlmCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dimensions of the {@code rdab} profile (docs/dimensions.md), computed from a call as
 * RealDataAgentBench's SCORING_SPEC (v1.3/1.4, §2–§4) describes them — an independent implementation
 * of the published rules, not a port of RDAB's code:
 *
 * <ul>
 *   <li>{@value #CODE_QUALITY}: every fenced code block of the output gets five binary checks
 *       (vectorised pandas/numpy operations, no index loops, no one-letter assignments other than
 *       {@code i}, {@code n}, {@code x}, at most two bare multi-digit literals, prints a result);
 *       score = mean over blocks of checks passed / 5, 0.5 without code;</li>
 *   <li>{@value #STAT_VALIDITY}: four vocabulary checks on the output, per the task's category —
 *       quantifies uncertainty, names an appropriate method, interprets the result, no p-hacking
 *       language; score = checks passed / 4. As RDAB's own authors say, this detects statistical
 *       language, not validity;</li>
 *   <li>{@code efficiency}: {@code 0.6·token + 0.4·step}, token = {@code max(0, 1 − max(0, tokens/budget − 1))}
 *       against the difficulty's budget, step likewise against {@code max_steps} with half the
 *       slope, halved when the call failed. A call is one step unless it carries the attribute
 *       {@value #STEPS_ATTRIBUTE} (an agent run traced as one call).</li>
 * </ul>
 */
public final class RdabProfile {

    public static final String CODE_QUALITY = "code_quality";
    public static final String STAT_VALIDITY = "stat_validity";
    /** Call attribute with the number of agent steps behind the call. */
    public static final String STEPS_ATTRIBUTE = "steps";

    private static final Pattern CODE_BLOCK = Pattern.compile("```[\\w+-]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern VECTORISED = Pattern.compile(
            "\\b(pd|np|df|numpy|pandas)\\.|\\bdf\\[|\\.(groupby|agg|apply|value_counts|mean|median|std|sum|corr|skew|describe|quantile)\\(");
    private static final Pattern INDEX_LOOP = Pattern.compile("\\bfor\\s+\\w+\\s+in\\s+range\\s*\\(|\\bwhile\\s+True\\b");
    private static final Pattern ONE_LETTER_ASSIGNMENT = Pattern.compile("(?m)^\\s*([A-Za-z])\\s*=(?!=)");
    private static final Pattern MULTI_DIGIT_LITERAL = Pattern.compile("(?<![\\w.])\\d{2,}(?![\\w.])");
    private static final Pattern PRINTS = Pattern.compile("\\bprint\\s*\\(");

    private static final Pattern UNCERTAINTY = ci("p[- ]?values?|\\bp\\s*[=<>≤]\\s*0?\\.\\d|confidence intervals?|\\b\\d+\\s*%\\s*ci\\b|\\bci\\b"
            + "|\\bstd\\b|standard deviation|standard error|approximately|\\brange\\b|bootstrap|variance|stability|robustness"
            + "|reliability|prediction intervals?|error bars?|margin of error|±");
    private static final Map<String, Pattern> METHOD = Map.of(
            "eda", ci("pearson|spearman|correlation|\\biqr\\b|interquartile|z-?score|skewness|kurtosis|log[- ]transform|normali[sz]ation"),
            "statistical_inference", ci("t-?test|z-?test|chi-?squared?|mann-whitney|anova|null hypothesis|degrees of freedom|two-proportion"),
            "modeling", ci("cross-?validation|roc[- ]?auc|\\bauc\\b|precision|recall|f1|confusion matrix|regulari[sz]ation|rmse|learning curve"),
            "feature_engineering", ci("one-?hot|label encoding|imputation|feature selection|interaction term|smote|target encoding|rolling"),
            "ml_engineering", ci("nested cv|nested cross-?validation|data leakage|calibration|ensemble|hyperparameter|pipeline|stratifi|brier|bootstrap"));
    private static final Map<String, Pattern> INTERPRETATION = Map.of(
            "eda", ci("correlation does not imply causation|controlling for|confound|simpson'?s paradox|spurious|statistically significant"),
            "statistical_inference", ci("statistically significant|reject(ed|s)? the null|fail(ed)? to reject|effect size|practical significance|type i error|normality assumption"),
            "modeling", ci("overfit|generali[sz]ation|bias-variance|selection bias|class imbalance|threshold|interpret|stability"),
            "feature_engineering", ci("multicollinearity|leakage|stability|ordinal relationship|dimensionality|sparsity"),
            "ml_engineering", ci("selection bias|optimistic bias|leakage|calibration|reliability|stratifi|class imbalance"));
    private static final Pattern P_HACKING = ci("tried (several|different|multiple) (methods|tests|approaches)[^.]*until[^.]*significan"
            + "|p (is )?just below 0?\\.05|p-hack");

    private RdabProfile() {
    }

    /** The profile's dimensions computed from the output text, by name. */
    public static Map<String, Double> dimensions(LlmCall call, QualityProfile profile) {
        String text = call.outputText();
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        return Map.of(CODE_QUALITY, codeQuality(text), STAT_VALIDITY, statValidity(text, profile.category()));
    }

    /** RDAB's efficiency of the call, null when its tokens are unknown. */
    public static Double efficiency(LlmCall call, QualityProfile profile) {
        Long tokens = call.usage() == null ? null : call.usage().totalTokens();
        if (tokens == null) {
            return null;
        }
        return efficiency(tokens, steps(call), profile, call.failed());
    }

    /** RDAB's efficiency of a run of {@code steps} steps and {@code tokens} tokens. */
    public static double efficiency(long tokens, int steps, QualityProfile profile, boolean failed) {
        double token = Efficiency.budgetScore(tokens, profile.tokenBudget());
        double step = Math.max(0, 1 - Math.max(0, (double) steps / profile.maxSteps() - 1) * 0.5);
        double efficiency = 0.6 * token + 0.4 * step;
        return failed ? efficiency / 2 : efficiency;
    }

    /** RDAB's code quality of an answer's fenced code blocks; 0.5 without code. */
    public static double codeQuality(String text) {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = CODE_BLOCK.matcher(text);
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        if (blocks.isEmpty()) {
            return 0.5;
        }
        double sum = 0;
        for (String code : blocks) {
            int passed = 0;
            passed += VECTORISED.matcher(code).find() ? 1 : 0;
            passed += INDEX_LOOP.matcher(code).find() ? 0 : 1;
            passed += hasOneLetterName(code) ? 0 : 1;
            passed += MULTI_DIGIT_LITERAL.matcher(code).results().count() <= 2 ? 1 : 0;
            passed += PRINTS.matcher(code).find() ? 1 : 0;
            sum += passed / 5.0;
        }
        return sum / blocks.size();
    }

    /** RDAB's statistical validity of an answer, with the vocabulary of {@code category}. */
    public static double statValidity(String text, String category) {
        int passed = 0;
        passed += UNCERTAINTY.matcher(text).find() ? 1 : 0;
        Pattern method = METHOD.get(category);
        // an unknown category fails the method check (RDAB has no fallback vocabulary there) …
        passed += method != null && method.matcher(text).find() ? 1 : 0;
        // … and falls back to the eda list for interpretation, as RDAB does
        passed += INTERPRETATION.getOrDefault(category, INTERPRETATION.get("eda")).matcher(text).find() ? 1 : 0;
        passed += P_HACKING.matcher(text).find() ? 0 : 1;
        return passed / 4.0;
    }

    private static boolean hasOneLetterName(String code) {
        Matcher matcher = ONE_LETTER_ASSIGNMENT.matcher(code);
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!name.equals("i") && !name.equals("n") && !name.equals("x")) {
                return true;
            }
        }
        return false;
    }

    private static int steps(LlmCall call) {
        String steps = call.attributes().get(STEPS_ATTRIBUTE);
        if (steps != null) {
            try {
                return Math.max(1, Integer.parseInt(steps.trim()));
            } catch (NumberFormatException e) {
                // not a count: one call is one step
            }
        }
        return 1;
    }

    private static Pattern ci(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
