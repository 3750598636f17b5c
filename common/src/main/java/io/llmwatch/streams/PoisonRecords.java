package io.llmwatch.streams;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Outputs the broker refused, by their timestamp, with the reason, for one Kafka Streams instance.
 * Under exactly-once such a refusal aborts the task's transaction, and the task reads the same
 * input again: the {@link DeadLetterExceptionHandler} notes the refused output here, and the parse
 * step ({@link ParseProcessor}) dead-letters the input whose event time it carries when it comes
 * round again, instead of failing on it forever. Outputs are known by their timestamp, not by the
 * input's offset, because every llmwatch output is stamped with its input's event time and because
 * the handler's record context is the record being processed when the producer reported the
 * failure, which may be a later one. Lives in the Streams properties under {@link #CONFIG}, where
 * both find it.
 */
public final class PoisonRecords {

    /** The Streams property that holds this instance. */
    public static final String CONFIG = "llmwatch.poison.records";
    /** A bound, so that a broker refusing everything cannot exhaust memory: beyond it records are not noted. */
    private static final int MAX_NOTED = 10_000;

    private final Map<Long, String> reasons = new ConcurrentHashMap<>();

    /** The instance in {@code configs}, or a new one (e.g. for a topology built without {@link StreamsConfigs}). */
    static PoisonRecords from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof PoisonRecords noted ? noted : new PoisonRecords();
    }

    void note(long timestamp, String reason) {
        if (reasons.size() < MAX_NOTED) {
            reasons.put(timestamp, reason);
        }
    }

    /** Why an output stamped {@code eventTime} was refused, forgotten once taken: its input is dead-lettered once. */
    Optional<String> take(long eventTime) {
        return reasons.isEmpty() ? Optional.empty() : Optional.ofNullable(reasons.remove(eventTime));
    }
}
