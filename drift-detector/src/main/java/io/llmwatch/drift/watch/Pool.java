package io.llmwatch.drift.watch;

import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.TimeWindow;
import java.time.Instant;

/**
 * Consecutive windows of one figure pooled until they cover enough calls to be one sample: a window
 * of 600 calls is a sample by itself; at 5 calls a window, ten windows make one. Sums, not means,
 * are pooled, so a sample weighs every call alike.
 *
 * @param start   start of the first pooled window
 * @param end     end of the last
 * @param n       calls (or pairs) behind the figure
 * @param sum     the figure's sum over them (for latency: p95 × calls, used when a histogram is missing)
 * @param calls   all calls of the pooled windows (for tokens per call)
 * @param tokens  input + output tokens of those calls
 * @param latency the merged latency histograms, null once a pooled window had none
 */
record Pool(Instant start, Instant end, long n, double sum, long calls, long tokens, LatencyHistogram latency) {

    /** One window's share of a figure. */
    record Contribution(TimeWindow window, long n, double sum, long calls, long tokens, LatencyHistogram latency) {
    }

    static Pool of(Contribution c) {
        return new Pool(c.window().start(), c.window().end(), c.n(), c.sum(), c.calls(), c.tokens(),
                c.latency() == null ? null : c.latency().copy());
    }

    Pool plus(Contribution c) {
        LatencyHistogram merged = latency == null || c.latency() == null ? null : latency.copy().merge(c.latency());
        return new Pool(start, c.window().end(), n + c.n(), sum + c.sum(), calls + c.calls(), tokens + c.tokens(), merged);
    }

    /** The pooled figure as one sample. */
    Sample sample(WatchedMetric metric) {
        double value = metric == WatchedMetric.LATENCY && latency != null && latency.total() > 0
                ? latency.quantile(0.95) : sum / n;
        Double tokensPerCall = calls > 0 && tokens > 0 ? (double) tokens / calls : null;
        return new Sample(new TimeWindow(start, end), n, value, tokensPerCall);
    }
}
