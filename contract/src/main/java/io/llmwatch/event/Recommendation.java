package io.llmwatch.event;

import java.time.Instant;
import java.util.List;

/**
 * The model llmwatch currently recommends for one task of one app, and why (schema
 * {@value #SCHEMA}); keyed {@code app/task}.
 *
 * @param recommendedModel the accepted optimum (changes only after hysteresis)
 * @param incumbent        the model configured as in production for the task, if known
 * @param basis            how it was decided, e.g. {@code quality_margin_stand_in} or
 *                         {@code paired_non_inferiority}
 * @param candidateModel   the best model of the latest window when it differs from the accepted
 *                         one (a change that has not yet held long enough), else null
 * @param candidateWindows for how many consecutive windows {@code candidateModel} has been best
 * @param projectedMonthlySavings saving per month of the recommended model over the incumbent at the
 *                         observed volume, in USD (negative when it costs more)
 */
public record Recommendation(
        String schema,
        String app,
        String taskType,
        String recommendedModel,
        String incumbent,
        String basis,
        TimeWindow window,
        double margin,
        List<ModelStanding> standings,
        String candidateModel,
        int candidateWindows,
        Double projectedMonthlySavings,
        Instant computedAt,
        String summary) {

    public static final String SCHEMA = "llmwatch.recommendation.v1";

    public Recommendation {
        if (schema == null) {
            schema = SCHEMA;
        }
        standings = standings == null ? List.of() : List.copyOf(standings);
    }

    public TaskKey key() {
        return new TaskKey(app, taskType);
    }
}
