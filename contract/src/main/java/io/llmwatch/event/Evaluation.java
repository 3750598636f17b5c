package io.llmwatch.event;

import io.llmwatch.validate.Checks;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.EventTimeWindow;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.Validated;
import java.time.Instant;
import java.util.List;

/**
 * An external score or user feedback about one call (schema {@value #SCHEMA}); mirrors the OTel
 * {@code gen_ai.evaluation.result} event. May arrive before or after its call.
 *
 * <p>{@code name} decides what it sets: {@code quality} sets the call's composite quality directly;
 * {@code correctness}, {@code format}, {@code efficiency} and {@code rubric} set that dimension; any
 * other name is kept as an extra named score.
 */
public record Evaluation(
        String schema,
        String callId,
        Instant timestamp,
        String name,
        Double score,
        String label,
        String explanation,
        String source) implements Validated {

    public static final String SCHEMA = "llmwatch.evaluation.v1";

    public Evaluation {
        if (schema == null) {
            schema = SCHEMA;
        }
    }

    /** The one reader of this record from outside llmwatch, refusing event times outside {@code window}. */
    public static EventReader<Evaluation> reader(EventTimeWindow window) {
        return new EventReader<>(Evaluation.class, SCHEMA).timed("timestamp", Evaluation::timestamp, window);
    }

    @Override
    public List<FieldError> validate() {
        return new Checks()
                .required("call_id", callId)
                .maxLength("call_id", callId, LlmCall.MAX_CALL_ID_LENGTH)
                .required("timestamp", timestamp)
                .eventTime("timestamp", timestamp)
                .required("name", name)
                .required("score", score)
                .between("score", score, 0, 1)
                .errors();
    }
}
