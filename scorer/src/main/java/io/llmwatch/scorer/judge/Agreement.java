package io.llmwatch.scorer.judge;

/**
 * How closely one output agrees with production's output.
 *
 * @param score  in [0, 1]; 1 = the same answer
 * @param detail why, for people ({@code "2/3 fields"}, {@code "same answer"})
 */
public record Agreement(double score, String detail) {

    public Agreement {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("agreement must be in [0, 1], not " + score);
        }
    }

    /** {@code 0.67 (2/3 fields)}; written by hand, as String.format would cost more than judging a label. */
    @Override
    public String toString() {
        long hundredths = Math.round(score * 100);
        return hundredths / 100 + "." + (hundredths % 100 < 10 ? "0" : "") + hundredths % 100 + " (" + detail + ")";
    }
}
