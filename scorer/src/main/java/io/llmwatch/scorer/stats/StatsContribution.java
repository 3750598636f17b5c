package io.llmwatch.scorer.stats;

import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Usage;
import io.llmwatch.event.Scores;
import io.llmwatch.scorer.quality.Composite;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 * @param dimensions   per quality dimension, what is added to its sum and count, as for quality;
 *                     never null
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
        int qualityN,
        Map<String, Delta> dimensions) {

    /** Dimensions with longer names are left out of the statistics (they still count in the composite). */
    static final int MAX_NAME_LENGTH = 100;

    public StatsContribution {
        dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
    }

    /** A contribution without per-dimension figures. */
    public StatsContribution(int calls, int errors, int priced, int unpriced, double cost, long inputTokens,
                             long outputTokens, Double latencyMs, double qualitySum, int qualityN) {
        this(calls, errors, priced, unpriced, cost, inputTokens, outputTokens, latencyMs, qualitySum, qualityN, Map.of());
    }

    /**
     * What one call adds to, or changes in, one dimension's sum and count.
     *
     * @param sum added to the dimension's sum of scores
     * @param n   added to the number of calls scored on it (−1, 0 or 1)
     */
    public record Delta(double sum, int n) {
    }

    /** The contribution of a call seen for the first time. */
    public static StatsContribution newCall(ScoredCall call) {
        boolean priced = call.cost() != null && call.cost().known();
        Usage usage = call.usage();
        Double quality = call.scores() == null ? null : call.scores().quality();
        return new StatsContribution(1, call.error() != null ? 1 : 0, priced ? 1 : 0, priced ? 0 : 1,
                priced ? call.cost().amount() : 0,
                usage == null || usage.inputTokens() == null ? 0 : usage.inputTokens(),
                usage == null || usage.outputTokens() == null ? 0 : usage.outputTokens(),
                call.latencyMs(), quality == null ? 0 : quality, quality == null ? 0 : 1,
                call.scores() == null ? Map.of() : dimensionChange(Map.of(), Composite.dimensions(call.scores())));
    }

    /**
     * The contribution of a call's scores changing from {@code before} to {@code after}: its quality
     * and each dimension that changed; null when nothing did.
     */
    public static StatsContribution scoresChange(Scores before, Scores after) {
        Map<String, Delta> dimensions = dimensionChange(Composite.dimensions(before), Composite.dimensions(after));
        StatsContribution quality = qualityChange(before.quality(), after.quality());
        if (quality == null && dimensions.isEmpty()) {
            return null;
        }
        return new StatsContribution(0, 0, 0, 0, 0, 0, 0, null, quality == null ? 0 : quality.qualitySum(),
                quality == null ? 0 : quality.qualityN(), dimensions);
    }

    private static Map<String, Delta> dimensionChange(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Delta> deltas = new HashMap<>();
        Set<String> names = new HashSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            if (name.length() > MAX_NAME_LENGTH) {
                continue;
            }
            Double was = before.get(name);
            Double is = after.get(name);
            if (!Objects.equals(was, is)) {
                deltas.put(name, new Delta((is == null ? 0 : is) - (was == null ? 0 : was),
                        (is == null ? 0 : 1) - (was == null ? 0 : 1)));
            }
        }
        return deltas;
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
