package io.llmwatch.scorer.judge;

import java.util.Locale;

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

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f (%s)", score, detail);
    }
}
