package io.llmwatch.collector.tether;

import io.llmwatch.validate.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Tether step that could not be imported.
 *
 * @param row    which row: {@code run <run_id> step <n> (id <step_id>)}
 * @param errors what is wrong, by Tether column or call field
 */
public record RejectedStep(String row, List<FieldError> errors) {

    public RejectedStep {
        errors = List.copyOf(errors);
    }

    @Override
    public String toString() {
        return row + ": " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
