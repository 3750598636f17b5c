package io.llmwatch.config;

import io.llmwatch.event.TaskKey;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.time.Instant;
import java.util.List;

/**
 * A re-evaluation campaign (control key {@code campaign/<id>}): replay the {@code n} most recent
 * stored calls of a task against {@code candidates} now, outside the live sample rate and within the
 * daily budget. A periodic re-evaluation is a campaign started by the task's schedule.
 *
 * @param candidates models to replay; null = the task's configured candidates
 * @param requestedAt when it was asked for; a campaign runs once per id
 */
public record Campaign(String app, String taskType, List<String> candidates, int n, Instant requestedAt) {

    public Campaign {
        candidates = candidates == null ? null : List.copyOf(candidates);
    }

    public TaskKey task() {
        return new TaskKey(app, taskType);
    }

    public List<FieldError> validate() {
        return new Checks()
                .required("app", app)
                .required("task_type", taskType)
                .check(n >= 1, "n", "must be >= 1")
                .errors();
    }
}
