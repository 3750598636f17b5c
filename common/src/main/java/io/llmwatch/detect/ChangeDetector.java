package io.llmwatch.detect;

import java.util.Optional;

/**
 * A sequential change detector over a stream of numbers: it is fed one sample at a time and says
 * when the stream's mean has changed. Implementations are small mutable objects, one per watched
 * stream, not thread-safe, and their whole state serialises with {@link DetectorSerde} (for a Kafka
 * Streams state store): a restored detector continues exactly as the original would have.
 *
 * <p>After reporting a change every implementation is ready for the next one without being told:
 * Page-Hinkley and CUSUM re-arm, ADWIN has already dropped its old window. Each says in its Javadoc
 * what that means, and how often it reports one change.
 */
public sealed interface ChangeDetector permits PageHinkley, Cusum, Adwin {

    /**
     * Adds one sample.
     *
     * @return true when this sample confirms a change; {@link #lastChange()} then describes it
     */
    boolean update(double x);

    /** Forgets everything, as if newly created with the same parameters. */
    void reset();

    /** How many samples the current state rests on: since the last reset or re-arm (ADWIN: its window). */
    long samples();

    /** The detector's current estimate of the stream's mean (NaN before the first sample). */
    double estimate();

    /** The most recent change detected since the detector was created or {@link #reset()}. */
    Optional<Change> lastChange();
}
