package io.llmwatch.sim;

/**
 * How long a simulated model takes to answer: a fixed part (queueing, prompt processing, time to
 * first token) plus a part per generated token, each request varied uniformly by ±{@code jitter}.
 *
 * @param baseMs     time before the first token
 * @param msPerToken generation time per output token
 * @param jitter     relative variation in [0, 1): 0.2 = each request takes 80 % to 120 % of the mean
 */
public record Latency(double baseMs, double msPerToken, double jitter) {

    public static final Latency NONE = new Latency(0, 0, 0);

    public Latency {
        if (baseMs < 0 || msPerToken < 0 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("latency must be non-negative with jitter in [0, 1): " + baseMs + ", "
                    + msPerToken + ", " + jitter);
        }
    }

    /** Always exactly {@code ms}, whatever the answer's length. */
    public static Latency fixed(double ms) {
        return new Latency(ms, 0, 0);
    }

    /** The latency of an answer of {@code outputTokens}, given a uniform draw {@code u} in [0, 1). */
    public double millis(long outputTokens, double u) {
        return (baseMs + msPerToken * outputTokens) * (1 + jitter * (2 * u - 1));
    }
}
