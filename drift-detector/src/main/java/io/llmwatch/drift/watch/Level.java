package io.llmwatch.drift.watch;

/**
 * The level of a watched figure over a run of samples: the mean of their scaled values and of their
 * tokens per call, over at most {@code memory} recent samples (an exponentially weighted mean once
 * more have been seen), and the calls behind them.
 *
 * @param samples       samples seen
 * @param n             calls behind them
 * @param value         mean scaled value
 * @param tokensPerCall mean tokens per call, or null when no sample had them
 */
record Level(long samples, long n, double value, Double tokensPerCall) {

    static final Level EMPTY = new Level(0, 0, 0, null);

    Level plus(double scaled, Sample sample, int memory) {
        long count = samples + 1;
        double weight = 1.0 / Math.min(count, memory);
        return new Level(count, n + sample.n(), value + (scaled - value) * weight,
                tokens(sample.tokensPerCall(), weight));
    }

    private Double tokens(Double sampled, double weight) {
        if (sampled == null) {
            return tokensPerCall;
        }
        return tokensPerCall == null ? sampled : Double.valueOf(tokensPerCall + (sampled - tokensPerCall) * weight);
    }
}
