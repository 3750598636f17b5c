package io.llmwatch.drift.lifecycle;

import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import java.time.Instant;

/**
 * What the lifecycle remembers about one condition (one dedup key), in its persistent store.
 *
 * @param type        the alert type
 * @param app         the app
 * @param taskType    the task
 * @param status      firing or resolved: the status last sent
 * @param firedAt     event time the condition last fired
 * @param lastSentAt  event time an alert about it was last sent (fired, re-sent or resolved)
 * @param lastAlertId the id of that alert
 */
record AlertState(AlertType type, String app, String taskType, AlertStatus status, Instant firedAt, Instant lastSentAt,
        String lastAlertId) {

    boolean firing() {
        return status == AlertStatus.FIRING;
    }
}
