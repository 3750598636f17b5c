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
 * @param firedId     the id of the alert that fired it; re-sent and resolving alerts name it
 * @param lastAlertId the id of the alert last sent
 */
record AlertState(AlertType type, String app, String taskType, AlertStatus status, Instant firedAt, Instant lastSentAt,
        String firedId, String lastAlertId) {

    boolean firing() {
        return status == AlertStatus.FIRING;
    }
}
