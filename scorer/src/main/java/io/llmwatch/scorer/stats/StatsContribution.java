package io.llmwatch.scorer.stats;

import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Usage;
import java.util.Objects;

/**
 * What one change to one call adds to its model's window statistics. A new call adds itself
 * (volume, errors, cost, tokens, latency, quality); a later evaluation that changes the call's
 * quality adds only the change, so that a call is never counted twice.
 *
 * @param calls        1 for a new call, 0 for a change
 * @param errors       1 when a new call failed
 * @param priced       1 when a new call's cost is known
 * @param unpriced     1 when a new call's cost is unknown
 * @param cost         the cost of a new priced call
 * @param inputTokens  known input tokens of a new call
 * @param outputTokens known output tokens of a new call
 * @param latencyMs    latency of a new call, null when unknown or for a change
 * @param qualitySum   added to the window's sum of qualities (new minus old for a change)
 * @param qualityN     added to the number of calls with a quality (−1, 0 or 1)
 */
public record StatsContribution(
        int calls,
        int errors,
        int priced,
        int unpriced,
        double cost,
        long inputTokens,
        long outputTokens,
        Double latencyMs,
        double qualitySum,
        int qualityN) {

    /** The contribution of a call seen for the first time. */
    public static StatsContribution newCall(ScoredCall call) {
        boolean priced = call.cost() != null && call.cost().known();
        Usage usage = call.usage();
        Double quality = call.scores() == null ? null : call.scores().quality();
        return new StatsContribution(1, call.error() != null ? 1 : 0, priced ? 1 : 0, priced ? 0 : 1,
                priced ? call.cost().amount() : 0,
                usage == null || usage.inputTokens() == null ? 0 : usage.inputTokens(),
                usage == null || usage.outputTokens() == null ? 0 : usage.outputTokens(),
                call.latencyMs(), quality == null ? 0 : quality, quality == null ? 0 : 1);
    }

    /** The contribution of a call's quality changing from {@code before} to {@code after}; null when it did not change. */
    public static StatsContribution qualityChange(Double before, Double after) {
        if (Objects.equals(before, after)) {
            return null;
        }
        double sum = (after == null ? 0 : after) - (before == null ? 0 : before);
        int n = (after == null ? 0 : 1) - (before == null ? 0 : 1);
        return new StatsContribution(0, 0, 0, 0, 0, 0, 0, null, sum, n);
    }
}
