package io.llmwatch.detect;

/**
 * A change a detector reported: which way the level moved, and the detector's estimates of the
 * level before and after it (each detector says in its Javadoc how it estimates them).
 *
 * @param direction up or down
 * @param before    estimated mean before the change
 * @param after     estimated mean after the change
 */
public record Change(ChangeDirection direction, double before, double after) {

    /** A change from {@code before} to {@code after}, its direction following from the two. */
    public static Change between(double before, double after) {
        return new Change(ChangeDirection.of(before, after), before, after);
    }

    /** {@code after − before}. */
    public double size() {
        return after - before;
    }
}
