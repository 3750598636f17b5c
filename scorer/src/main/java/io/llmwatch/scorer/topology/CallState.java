package io.llmwatch.scorer.topology;

import io.llmwatch.event.Evaluation;
import io.llmwatch.event.Scores;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the score processor remembers about a call_id for {@code pipeline.dedup_retention}: the call
 * as last scored (without prompt or output text) and its computed dimensions, so that a later
 * evaluation re-scores it without the call; and the evaluations received, so that one that arrives
 * before its call is applied when the call comes.
 *
 * @param scored      the call as last emitted, or null while only evaluations have arrived
 * @param computed    the dimensions computed from the call itself, before evaluations
 * @param evaluations the latest evaluation score per name
 */
record CallState(ScoredCallJson scored, Scores computed, Map<String, EvaluationScore> evaluations) {

    /** Evaluation names kept per call; more are ignored, so a faulty producer cannot grow one entry without bound. */
    static final int MAX_EVALUATION_NAMES = 64;

    CallState {
        evaluations = evaluations == null ? Map.of() : Map.copyOf(evaluations);
    }

    static CallState pending(Evaluation evaluation) {
        return new CallState(null, null, Map.of(evaluation.name(), EvaluationScore.of(evaluation)));
    }

    boolean hasCall() {
        return scored != null;
    }

    /**
     * This state with the evaluation applied, or this same instance when it changes nothing: an
     * evaluation older than the one already kept under its name, the same score again, or a new name
     * beyond {@link #MAX_EVALUATION_NAMES}.
     */
    CallState withEvaluation(Evaluation evaluation) {
        EvaluationScore current = evaluations.get(evaluation.name());
        if (current == null ? evaluations.size() >= MAX_EVALUATION_NAMES
                : evaluation.timestamp().isBefore(current.timestamp()) || current.score() == evaluation.score()) {
            return this;
        }
        Map<String, EvaluationScore> updated = new HashMap<>(evaluations);
        updated.put(evaluation.name(), EvaluationScore.of(evaluation));
        return new CallState(scored, computed, updated);
    }

    CallState withScored(ScoredCallJson newScored) {
        return new CallState(newScored, computed, evaluations);
    }

    /** The latest score per evaluation name. */
    Map<String, Double> evaluationScores() {
        if (evaluations.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> scores = new HashMap<>();
        evaluations.forEach((name, evaluation) -> scores.put(name, evaluation.score()));
        return scores;
    }

    /** One evaluation's score and when it was given (a later one under the same name replaces it). */
    record EvaluationScore(double score, Instant timestamp) {

        static EvaluationScore of(Evaluation evaluation) {
            return new EvaluationScore(evaluation.score(), evaluation.timestamp());
        }
    }
}
