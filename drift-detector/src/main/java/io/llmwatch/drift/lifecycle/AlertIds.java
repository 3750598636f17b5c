package io.llmwatch.drift.lifecycle;

import io.llmwatch.event.AlertStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Alert ids derived from what they report, so that re-processing the same input yields the same id
 * and a consumer (or a webhook receiver, which gets the id as {@code Idempotency-Key}) can drop the
 * copy: a name-based UUID of the dedup key, the event time at which the lifecycle sent it, and
 * whether it is a resolution.
 */
public final class AlertIds {

    private AlertIds() {
    }

    /** The id of the alert about {@code dedupKey} with {@code status}, sent at event time {@code at}. */
    public static String of(String dedupKey, AlertStatus status, Instant at) {
        String name = dedupKey + "@" + at + (status == AlertStatus.RESOLVED ? "/resolved" : "");
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
