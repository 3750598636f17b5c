package io.llmwatch.detect;

/** Which way a detected change moved the stream's level. */
public enum ChangeDirection {
    UP, DOWN;

    /** The direction from {@code before} to {@code after}; a tie counts as {@link #UP}. */
    public static ChangeDirection of(double before, double after) {
        return after >= before ? UP : DOWN;
    }
}
