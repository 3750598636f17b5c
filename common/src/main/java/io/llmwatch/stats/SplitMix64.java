package io.llmwatch.stats;

/**
 * The SplitMix64 generator (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014; the same mixing as {@link java.util.SplittableRandom}) with its whole
 * state in one visible {@code long}, so that a reservoir kept in a state store resumes exactly where
 * it stopped after a restart.
 */
final class SplitMix64 {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix64(long state) {
        this.state = state;
    }

    long state() {
        return state;
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, bound)}, without modulo bias (rejection, as in {@code SplittableRandom}). */
    long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = bound - 1;
        long bits = nextLong() >>> 1;
        long value = bits % bound;
        while (bits - value + limit < 0) {
            bits = nextLong() >>> 1;
            value = bits % bound;
        }
        return value;
    }
}
