package io.llmwatch.collector.ingest;

import io.llmwatch.validate.FieldError;
import java.util.Optional;

/**
 * The dead letters of one request: at most {@link RequestLimits#maxDeadLetters()} are written one by
 * one; the rejections beyond are counted and summarised in one more letter (their count, not their
 * bytes), so a hostile request cannot flood the DLQ. One per request; not thread-safe.
 */
public final class DeadLetterCap {

    private final int max;
    private final String what;
    private final String note;
    private int rejected;

    /**
     * @param what what was rejected, for the summary, e.g. {@code items of this request}
     * @param note added to the summary, e.g. where the rest are named; empty for none
     */
    public DeadLetterCap(RequestLimits limits, String what, String note) {
        this.max = limits.maxDeadLetters();
        this.what = what;
        this.note = note;
    }

    /** Counts one rejection; whether it gets a dead letter of its own. */
    public boolean admit() {
        return ++rejected <= max;
    }

    /** The reason of the summary letter for the rejections without one; empty when every one had its own. */
    public Optional<FieldError> summary() {
        int unlettered = rejected - max;
        if (unlettered <= 0) {
            return Optional.empty();
        }
        return Optional.of(new FieldError("$", unlettered + " more " + what + " were rejected; only the first " + max
                + " are kept here (collector.max_dead_letters_per_request)" + note));
    }
}
