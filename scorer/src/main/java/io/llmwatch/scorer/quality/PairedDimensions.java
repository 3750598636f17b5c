package io.llmwatch.scorer.quality;

import io.llmwatch.config.CriticalDimensions;
import io.llmwatch.config.QualityProfile;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.Usage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The paired deltas of a task's critical dimensions on one replayed call
 * (docs/dimensions.md#critical-dimensions): each dimension scored on the candidate's answer and on
 * production's answer to the same request, by the rules that score it on live calls, and the
 * difference taken (candidate minus production). Pairing on the same call is what keeps the
 * comparison fair: both answers face the same prompt.
 *
 * <ul>
 *   <li>{@code correctness}: {@link ReferenceMatch} against the call's reference; unscored without one;</li>
 *   <li>{@code format}: {@link FormatScore}; production's finish reason is not recorded on the
 *       request, so its answer counts as complete;</li>
 *   <li>{@code code_quality}, {@code stat_validity}: {@link RdabProfile}'s checks, with the
 *       category of the task's profile ({@code eda} without one); unscored for a blank answer;</li>
 *   <li>{@code efficiency}: under the {@code rdab} profile, RDAB's token score of one step; else
 *       against the task's {@code token_budget}; else against production's own tokens on the call
 *       (production scores 1, a candidate that needs twice the tokens 0).</li>
 * </ul>
 */
public final class PairedDimensions {

    private PairedDimensions() {
    }

    /**
     * @param candidate the candidate's answer, its finish reason and tokens
     * @return delta per critical dimension of {@code task} that both answers could be scored on;
     *         empty when the task has none
     */
    public static Map<String, Double> deltas(TaskConfig task, ReplayRequest request, String candidate,
                                             String candidateFinish, Usage candidateUsage) {
        CriticalDimensions critical = task == null ? null : task.critical();
        Map<String, Double> deltas = new LinkedHashMap<>();
        if (critical == null) {
            return deltas;
        }
        Long productionTokens = tokens(request.originalUsage());
        Long candidateTokens = tokens(candidateUsage);
        for (String dimension : critical.names()) {
            Double mine = score(dimension, task, request, candidate, candidateFinish, candidateTokens, productionTokens);
            Double theirs = score(dimension, task, request, request.originalOutput(), null, productionTokens,
                    productionTokens);
            if (mine != null && theirs != null) {
                deltas.put(dimension, Math.max(-1, Math.min(1, mine - theirs)));
            }
        }
        return deltas;
    }

    /** One answer's score on {@code dimension}, null when it cannot be scored. */
    static Double score(String dimension, TaskConfig task, ReplayRequest request, String text, String finish,
                        Long tokens, Long productionTokens) {
        QualityProfile profile = task.profile();
        boolean blank = text == null || text.isBlank();
        return switch (dimension) {
            case Composite.CORRECTNESS -> ReferenceMatch.correctness(request.reference(), text);
            case Composite.FORMAT -> FormatScore.of(request.request(), text, finish, false);
            case RdabProfile.CODE_QUALITY -> blank ? null : RdabProfile.codeQuality(text);
            case RdabProfile.STAT_VALIDITY -> blank ? null
                    : RdabProfile.statValidity(text, profile != null ? profile.category() : "eda");
            case Composite.EFFICIENCY -> efficiency(tokens, task, productionTokens);
            default -> null;
        };
    }

    private static Double efficiency(Long tokens, TaskConfig task, Long productionTokens) {
        if (tokens == null) {
            return null;
        }
        QualityProfile profile = task.profile();
        if (profile != null && profile.isRdab()) {
            return RdabProfile.efficiency(tokens, 1, profile, false);
        }
        if (task.tokenBudget() != null && task.tokenBudget() > 0) {
            return Efficiency.budgetScore(tokens, task.tokenBudget());
        }
        return productionTokens == null || productionTokens <= 0 ? null : Efficiency.budgetScore(tokens, productionTokens);
    }

    private static Long tokens(Usage usage) {
        return usage == null ? null : usage.totalTokens();
    }
}
