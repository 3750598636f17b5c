package io.llmwatch.drift.watch;

import io.llmwatch.event.TimeWindow;

/**
 * One value of a watched figure: a window's, or several consecutive windows' pooled until they
 * cover enough calls.
 *
 * @param window        the span the value covers
 * @param n             calls (or pairs) behind the value
 * @param value         in the figure's own units
 * @param tokensPerCall mean input + output tokens per call over the span, when known (for cost)
 */
record Sample(TimeWindow window, long n, double value, Double tokensPerCall) {
}
