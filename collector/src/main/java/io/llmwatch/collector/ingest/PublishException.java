package io.llmwatch.collector.ingest;

import org.apache.kafka.common.errors.RecordTooLargeException;

/** Kafka did not acknowledge every record of a request; {@link #getCause()} says why. */
public final class PublishException extends Exception {

    PublishException(Throwable cause) {
        super("Kafka did not acknowledge the records: " + cause.getMessage(), cause);
    }

    /** A record exceeds what the producer or the broker accepts: retrying cannot help. */
    public boolean recordTooLarge() {
        return getCause() instanceof RecordTooLargeException;
    }
}
