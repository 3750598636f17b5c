package io.llmwatch.app.kafka;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/** Turns a refusal by Kafka, wherever it is wrapped, into one line that names the cause and the fix. */
public final class KafkaFailures {

    private KafkaFailures() {
    }

    public static Optional<String> explain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException) {
                return Optional.of("Kafka refused the credentials: " + t.getMessage()
                        + " (check sasl.* / ssl.* in --kafka-config or the kafka: map of llmwatch.yaml)");
            }
            if (t instanceof AuthorizationException) {
                return Optional.of("Kafka denied access: " + t.getMessage()
                        + " (grant the ACLs listed in docs/production.md)");
            }
        }
        return Optional.empty();
    }
}
