package io.llmwatch.scorer.quality;

/**
 * A mean that follows drift: the exact mean of the first {@value #WARM_UP} values, then an
 * exponential moving average with α = 1/{@value #WARM_UP} (each new value weighs 5 %, so the mean
 * reflects roughly the last 20–40 calls). It is {@link #ready()} once it has seen {@value #WARM_UP}
 * values; before that it is too noisy to score against.
 *
 * @param n    values seen
 * @param mean the current mean
 */
public record RollingMean(long n, double mean) {

    public static final int WARM_UP = 20;
    public static final RollingMean EMPTY = new RollingMean(0, 0);

    public RollingMean add(double value) {
        long count = n + 1;
        double alpha = 1.0 / Math.min(count, WARM_UP);
        return new RollingMean(count, mean + alpha * (value - mean));
    }

    public boolean ready() {
        return n >= WARM_UP;
    }
}
