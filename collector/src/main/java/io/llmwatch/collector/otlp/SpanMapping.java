package io.llmwatch.collector.otlp;

import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.validate.FieldError;
import java.util.List;
import java.util.Locale;

/** What became of one span: a call (with its evaluations), or nothing and why. */
sealed interface SpanMapping {

    /**
     * The span is a model call.
     *
     * @param call                 the call, valid
     * @param evaluations          its valid {@code gen_ai.evaluation.result} events
     * @param rejectedEvaluations  its evaluation events that are not valid evaluations
     * @param failedEvaluations    evaluation events that report the evaluator itself failed
     *                             ({@code error.type} set): there is no score to record
     */
    record Call(LlmCall call, List<Evaluation> evaluations, List<RejectedEvaluation> rejectedEvaluations,
                int failedEvaluations) implements SpanMapping {

        public Call {
            evaluations = List.copyOf(evaluations);
            rejectedEvaluations = List.copyOf(rejectedEvaluations);
        }
    }

    /** An evaluation event that is not a valid {@link Evaluation}: the event's index and what is wrong. */
    record RejectedEvaluation(int eventIndex, List<FieldError> errors) {

        public RejectedEvaluation {
            errors = List.copyOf(errors);
        }
    }

    /** The span is not a model call and is left out. */
    record Ignored(Reason reason) implements SpanMapping {
    }

    /** Why a span is left out. */
    enum Reason {
        /** No {@code gen_ai.*} attribute or event: an HTTP, database, … span. */
        NOT_GENAI,
        /** A GenAI span that is not a model call: an agent, tool, workflow or retrieval span. */
        NOT_MODEL_CALL;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
